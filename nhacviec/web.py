"""The one HTTP server: platform webhooks and the health check.

Each channel hands its routes in; the server itself knows no platform.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web

from core.ports import Route

HealthCheck = Callable[[], Awaitable[dict]]


def build_web_app(routes: Iterable[Route] = (), health: HealthCheck | None = None) -> web.Application:
    app = web.Application(client_max_size=64 * 1024 * 1024)

    async def healthz(_request: web.Request) -> web.Response:
        body = {"status": "ok"}
        if health is not None:
            try:
                body.update(await health())
            except Exception as exc:  # the check itself failing is "not healthy"
                return web.json_response({"status": "error", "error": str(exc)}, status=503)
        return web.json_response(body)

    app.router.add_get("/healthz", healthz)
    for route in routes:
        app.router.add_route(route.method, route.path, route.handler)
    return app


class WebServer:
    """Starts and stops the aiohttp app inside the running event loop."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        # With port 0 the OS picked one: report the real port.
        server = site._server  # aiohttp keeps the asyncio server here
        if server is not None and server.sockets:
            self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
