// A request and a response without a socket, for code that works on node:http objects directly (the
// page cache, the page server). What the code writes is kept in `written`; `done` settles at end().
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

export interface FakeExchange {
  req: IncomingMessage;
  res: ServerResponse;
  written: { status?: number; headers?: Record<string, unknown>; body?: Buffer };
  done: Promise<void>;
}

export function fakeExchange(url: string, headers: Record<string, string> = {}, method = 'GET'): FakeExchange {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.method = method;
  req.headers = headers;
  const res = new ServerResponse(req);
  const written: FakeExchange['written'] = {};
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    res.writeHead = ((status: number, h: Record<string, unknown>) => {
      written.status = status;
      written.headers = h;
      return res;
    }) as typeof res.writeHead;
    res.write = ((chunk: Buffer) => {
      chunks.push(chunk);
      return true;
    }) as typeof res.write;
    res.end = ((body?: Buffer) => {
      written.body = chunks.length > 0 ? Buffer.concat(body ? [...chunks, body] : chunks) : body;
      resolve();
      return res;
    }) as typeof res.end;
  });
  return { req, res, written, done };
}
