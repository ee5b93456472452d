"""The Python service this project is a port of, rebuilt for bench/compare to measure against.

FastAPI with one httpx.AsyncClient shared by every request: opened when the app starts and closed
when it stops, as the original does. Answers are parsed and served again as FastAPI does it
(r.json() returned from the handler), because that is the work the original does per request.

Run (bench/compare does this): UPSTREAM_BASE_URL=http://127.0.0.1:9001 \
    /usr/bin/python3 -m uvicorn fastapi_app:app --app-dir bench --port 8002 --no-access-log
"""

import os
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, HTTPException

UPSTREAM = os.environ.get("UPSTREAM_BASE_URL", "https://jsonplaceholder.typicode.com")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client, so connections to the upstream are pooled and kept alive across requests.
    app.state.client = httpx.AsyncClient(base_url=UPSTREAM, timeout=10.0)
    try:
        yield
    finally:
        await app.state.client.aclose()


app = FastAPI(title="API Wrapper Example")
# FastAPI(lifespan=...) needs FastAPI 0.93; Debian 12 ships 0.92, whose router takes it this way
# (newer versions set the same attribute).
app.router.lifespan_context = lifespan


def client() -> httpx.AsyncClient:
    return app.state.client


@app.get("/")
async def root():
    return {"message": "Welcome to the API Wrapper Example", "versions": {"v1": "/v1"}}


@app.get("/v1/posts")
async def get_posts():
    response = await client().get("/posts")
    response.raise_for_status()
    return response.json()


@app.get("/v1/posts/{post_id}")
async def get_post(post_id: int):
    response = await client().get(f"/posts/{post_id}")
    if response.status_code == 404:
        raise HTTPException(status_code=404, detail="Post not found")
    response.raise_for_status()
    return response.json()


@app.get("/v1/users/{user_id}/posts")
async def get_user_posts(user_id: int):
    response = await client().get("/posts", params={"userId": user_id})
    response.raise_for_status()
    posts = response.json()
    if not posts:
        raise HTTPException(status_code=404, detail="No posts found for this user")
    return posts
