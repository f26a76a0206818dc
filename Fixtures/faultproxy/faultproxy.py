#!/usr/bin/env python3
"""A TCP proxy in front of the reference platform that misbehaves on the first N connections.

Modes for the faulty connections (after reading the request head):
  slowloris  answer "HTTP/1.1 200 OK" and then one header byte every second, never finishing;
  reset      answer a head with Content-Length 4096 and 100 bytes of body, then reset the connection (RST);
  hang       never answer (the connection stays open).
Connections after the first N are passed through to the target unchanged.
Prints "PORT <n>" when listening and "FAULT <mode> <k>" for each faulty connection. Test code only.
"""
import argparse, asyncio, socket, struct, sys


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def read_head(reader):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = await reader.read(4096)
        if not chunk:
            return None
        head += chunk
    return head


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True, help="host:port of the platform")
    ap.add_argument("--mode", required=True, choices=["slowloris", "reset", "hang"])
    ap.add_argument("--faulty", type=int, default=1, help="how many connections misbehave")
    args = ap.parse_args()
    host, port = args.target.rsplit(":", 1)
    state = {"seen": 0}

    async def handle(reader, writer):
        state["seen"] += 1
        k = state["seen"]
        if k > args.faulty:
            try:
                up_reader, up_writer = await asyncio.open_connection(host, int(port))
            except OSError:
                writer.close()
                return
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
            return
        print(f"FAULT {args.mode} {k}", flush=True)
        if await read_head(reader) is None:
            writer.close()
            return
        sock = writer.get_extra_info("socket")
        try:
            if args.mode == "slowloris":
                writer.write(b"HTTP/1.1 200 OK\r\n")
                await writer.drain()
                for _ in range(600):
                    await asyncio.sleep(1)
                    writer.write(b"X")
                    await writer.drain()
            elif args.mode == "reset":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" + b"{" * 100)
                await writer.drain()
                await asyncio.sleep(0.2)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            else:
                await asyncio.sleep(3600)
        except (ConnectionError, OSError):
            pass

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
