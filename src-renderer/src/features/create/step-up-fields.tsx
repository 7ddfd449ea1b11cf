import { useEffect, useId, useRef, useState } from 'react'
import type { IpcError } from '@shared/errors'
import type { StepUpKind } from '@shared/providers'
import { toIpcError } from '../../lib/call'

/**
 * The input a provider asks for per request (npm: the account password, then a one-time password
 * when the registry answers that it needs one). Held in this dialog's state only: never in the
 * store, gone when the dialog closes; a one-time password is cleared after every attempt.
 */
export function useStepUp(kinds: readonly StepUpKind[], accountLabel: string) {
  const [password, setPassword] = useState('')
  const [otp, setOtp] = useState('')
  const [otpAsked, setOtpAsked] = useState(false)
  // Problems show once the user tried to send without the input; a fresh question starts unjudged.
  const [checked, setChecked] = useState(false)
  const needsPassword = kinds.includes('password')
  const problem =
    needsPassword && !password
      ? `Enter the password of your ${accountLabel} account.`
      : otpAsked && !otp.trim()
        ? 'Enter the one-time password from your authenticator app.'
        : null
  /** What goes into this one request. */
  const request = (): StepUpInput => ({
    ...(needsPassword && password ? { password } : {}),
    ...(otpAsked && otp.trim() ? { otp: otp.trim() } : {}),
  })
  /** After an attempt: the one-time password is spent; a registry asking for one shows its field. */
  const settle = (error: IpcError | null) => {
    setOtp('')
    if (error?.code === 'OTP_REQUIRED' && kinds.includes('otp')) {
      setOtpAsked(true)
      // The registry's own message says what it wants; no field error before the user answers.
      setChecked(false)
    }
  }
  return {
    needsPassword,
    otpAsked,
    password,
    otp,
    setPassword,
    setOtp,
    problem,
    /** The problem to show under the fields, once the user has tried to send. */
    shownProblem: checked ? problem : null,
    /** Called on submit: whether the request may go (and from now on, problems show). */
    check: () => {
      setChecked(true)
      return problem === null
    },
    /** Sends one request with this input; a failure settles the fields and goes on to the dialog's error line. */
    send: async (send: (input: StepUpInput) => Promise<unknown>): Promise<void> => {
      try {
        await send(request())
      } catch (error) {
        settle(toIpcError(error))
        throw error
      }
    },
  }
}

/** The step-up input of one request. */
export interface StepUpInput {
  readonly password?: string
  readonly otp?: string
}

export type StepUp = ReturnType<typeof useStepUp>

/** The password and one-time password fields, as far as the provider asked for them. */
export function StepUpFields({ stepUp }: { readonly stepUp: StepUp }) {
  const ids = { password: useId(), otp: useId(), hint: useId() }
  const otpRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    // The registry just asked for a code: that is where the user types next.
    if (stepUp.otpAsked) otpRef.current?.focus()
  }, [stepUp.otpAsked])
  if (!stepUp.needsPassword && !stepUp.otpAsked) return null
  return (
    <div className="step-up" role="group" aria-label="Sign-in for this request" aria-describedby={ids.hint}>
      {stepUp.needsPassword && (
        <>
          <label htmlFor={ids.password}>Account password</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={stepUp.password}
            onChange={(e) => stepUp.setPassword(e.target.value)}
            aria-invalid={!!stepUp.shownProblem && !stepUp.password}
          />
        </>
      )}
      {stepUp.otpAsked && (
        <>
          <label htmlFor={ids.otp}>One-time password</label>
          <input
            ref={otpRef}
            id={ids.otp}
            className="mono"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            value={stepUp.otp}
            onChange={(e) => stepUp.setOtp(e.target.value)}
            aria-invalid={!!stepUp.shownProblem && !stepUp.otp.trim()}
          />
        </>
      )}
      <p id={ids.hint} className="hint">
        Used for this request only: Keyward stores neither and forgets them when this dialog closes.
      </p>
      {stepUp.shownProblem && <p className="field-error">{stepUp.shownProblem}</p>}
    </div>
  )
}
