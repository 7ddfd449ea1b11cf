/**
 * The tokens Keyward lists itself, for providers with no list endpoint (GitHub, any secret), in
 * local-tokens.json: per profile, each token's metadata and when Keyward added it. Read once at
 * start and validated, written atomically on every change (small, and a token added must not be
 * lost to a crash). Never a secret: those are in the keychain under `<profileId>/<tokenId>`.
 */
import Conf from 'conf'
import { z } from 'zod'
import { providerTokenSchema, type ProviderToken } from '../../shared/providers'
import { JsonFile, type JsonFileClass } from './json-file'

const FILE = 'local-tokens'

const recordSchema = z.object({
  token: providerTokenSchema,
  /** When Keyward added the token: its age for health when the provider tells no creation time. */
  addedAt: z.iso.datetime({ offset: true }),
})
export type LocalRecord = Readonly<{ token: ProviderToken; addedAt: string }>

const fileSchema = z.record(z.string(), z.array(recordSchema))

export class LocalInventory {
  private lists: Map<string, readonly LocalRecord[]>
  private readonly file: JsonFile<Map<string, readonly LocalRecord[]>>
  /** What loading found: a file that could not be read, kept as a backup. */
  readonly problem: string | null

  constructor(dir: string, now: Date, FileClass: JsonFileClass = Conf) {
    this.file = new JsonFile(FileClass, dir, FILE, (raw) => new Map(Object.entries(fileSchema.parse(raw))), () => new Map(), now)
    this.lists = this.file.loaded.value
    const u = this.file.loaded.unreadable
    this.problem = u ? `The list of tokens Keyward keeps itself, ${u.path}, could not be read (${u.reason}). It was kept as ${u.backup}; add those tokens again. Their secrets are still in the keychain.` : null
  }

  list(profileId: string): readonly LocalRecord[] {
    return this.lists.get(profileId) ?? []
  }

  find(profileId: string, tokenId: string): LocalRecord | undefined {
    return this.list(profileId).find((r) => r.token.id === tokenId)
  }

  /** Adds a token, or replaces the record with the same id (keeping when it was first added). */
  put(profileId: string, token: ProviderToken, addedAt: string): LocalRecord {
    const current = this.list(profileId)
    const existing = current.find((r) => r.token.id === token.id)
    const record: LocalRecord = { token, addedAt: existing?.addedAt ?? addedAt }
    this.save(profileId, existing ? current.map((r) => (r.token.id === token.id ? record : r)) : [...current, record])
    return record
  }

  remove(profileId: string, tokenId: string): void {
    this.save(
      profileId,
      this.list(profileId).filter((r) => r.token.id !== tokenId),
    )
  }

  deleteProfile(profileId: string): void {
    if (!this.lists.has(profileId)) return
    const next = new Map(this.lists)
    next.delete(profileId)
    this.write(next)
  }

  private save(profileId: string, records: readonly LocalRecord[]): void {
    const next = new Map(this.lists)
    if (records.length === 0) next.delete(profileId)
    else next.set(profileId, records)
    this.write(next)
  }

  private write(next: Map<string, readonly LocalRecord[]>): void {
    this.file.write(Object.fromEntries(next))
    this.lists = next
  }
}
