import { create } from 'zustand'

export interface Toast {
  readonly id: number
  readonly text: string
  readonly tone: 'info' | 'error'
}

interface ToastState {
  readonly toast: Toast | null
  show(text: string, tone?: Toast['tone']): void
  dismiss(id: number): void
}

let nextId = 1

/** A single polite status message (e.g. "Copied — clears in 30 s"); a new one replaces the old. */
export const useToastStore = create<ToastState>()((set) => ({
  toast: null,
  show: (text, tone = 'info') => set({ toast: { id: nextId++, text, tone } }),
  dismiss: (id) => set((s) => (s.toast?.id === id ? { toast: null } : {})),
}))

export const selectToast = (s: ToastState) => s.toast
