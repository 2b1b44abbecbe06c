/**
 * Start-up progress: each step of `npm start` says what it is doing and, when it took a second or more, how
 * long. A first start used to sit silent for over a minute after "building the web client"; now every slow
 * step is visible, and the total to "running" is printed. Times are wall-clock from the process start
 * (`CUNTU_STARTED_AT`, set by scripts/start.mjs, so loading the code counts too).
 */
const startedAt = Number(process.env.CUNTU_STARTED_AT) || Math.round(performance.timeOrigin)

export const secondsSince = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`

export function startupClock(say: (msg: string) => void) {
  return {
    /** Milliseconds since the process (or `npm start`) began. */
    sinceStart: () => Date.now() - startedAt,
    /** Run one step; print its duration when it took a second or more. */
    async step<T>(zh: string, en: string, run: () => Promise<T>): Promise<T> {
      const t = Date.now()
      const result = await run()
      if (Date.now() - t >= 1000) say(`${zh}用时 ${secondsSince(t)} / ${en}: ${secondsSince(t)}`)
      return result
    },
    total: () => secondsSince(startedAt),
  }
}
