import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))
const { trayMenuTemplate } = await import('./tray')

const actions = { open: vi.fn(), openAttention: vi.fn(), copy: vi.fn(), quit: vi.fn() }

describe('tray menu', () => {
  it('says how many tokens need attention and offers the five most recent copies', () => {
    const recent = Array.from({ length: 7 }, (_, i) => ({ profileId: 'p', tokenId: `t${i}`, label: `token ${i}` }))
    const menu = trayMenuTemplate({ attention: 3, recent }, actions)
    const labels = menu.map((m) => m.label ?? m.type)
    expect(labels).toEqual([
      '3 tokens need attention',
      'Open Keyward',
      'separator',
      'Recently copied',
      'Copy token 0',
      'Copy token 1',
      'Copy token 2',
      'Copy token 3',
      'Copy token 4',
      'separator',
      'Quit Keyward',
    ])
    const copy = menu.find((m) => m.label === 'Copy token 2')
    copy?.click?.({} as never, undefined, {} as never)
    expect(actions.copy).toHaveBeenCalledWith(recent[2])
  })

  it('is calm when nothing needs attention and nothing was copied', () => {
    const menu = trayMenuTemplate({ attention: 0, recent: [] }, actions)
    expect(menu[0]).toMatchObject({ label: 'All tokens healthy', enabled: false })
    expect(menu.some((m) => m.label === 'No recent copies')).toBe(true)
    expect(trayMenuTemplate({ attention: 1, recent: [] }, actions)[0]?.label).toBe('1 token needs attention')
  })
})
