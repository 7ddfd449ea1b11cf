/** The Keyward mark, inline so it needs no file URL (the CSP and file:// in Electron stay simple). */
export function KeyIcon({ size = 20 }: { readonly size?: number }) {
  return (
    <svg viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#2f6fdb" />
      <circle cx="24" cy="32" r="10" fill="none" stroke="#fff" strokeWidth="5" />
      <path d="M34 32h20M46 32v8M52 32v6" fill="none" stroke="#fff" strokeWidth="5" strokeLinecap="round" />
    </svg>
  )
}
