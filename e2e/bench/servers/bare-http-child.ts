/**
 * The baseline for metric 7: bare node:http answering one fixed JSON body (the Token API's own
 * /v1/me response, passed in by the bench) to every request. No routing, auth or validation: the
 * floor any framework-based server is judged against.
 */
import { createServer } from 'node:http'

const body = Buffer.from(process.env.BENCH_BODY ?? '{"success":true}')
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
