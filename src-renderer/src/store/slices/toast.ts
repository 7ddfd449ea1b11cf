import type { SliceCreator, StoreState } from '../index'

export interface Toast {
  readonly id: number
  readonly text: string
  readonly tone: 'info' | 'error'
}

/** A single polite status message (e.g. "Copied — clears in 30 s"); a new one replaces the old. */
export interface ToastSlice {
  readonly toast: Toast | null
  showToast(text: string, tone?: Toast['tone']): void
  dismissToast(id: number): void
}

export const createToastSlice: SliceCreator<ToastSlice> = (set) => {
  let nextId = 1
  return {
    toast: null,
    showToast: (text, tone = 'info') => set({ toast: { id: nextId++, text, tone } }),
    dismissToast: (id) => set((s) => (s.toast?.id === id ? { toast: null } : {})),
  }
}

export const selectToast = (s: StoreState) => s.toast
