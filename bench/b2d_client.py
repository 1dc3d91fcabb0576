"""The b2d documentation's Python example (``requests``), pointed at a HireScope server: ``GET /jobs/list``.

The body of :func:`main` below the argument handling is the seed's example as published, with only the
base URL and the key made parameters. ``requests`` is a development dependency (requirements-dev.txt).

    .venv/bin/python bench/b2d_client.py --base-url http://127.0.0.1:8000/api/v1 --api-key hsk_live_…
    B2D_API_KEY=hsk_live_… .venv/bin/python bench/b2d_client.py --query   # the key as ?api_key=

Prints the active jobs and the credit headers; exits 1 on an error answer, printing b2d's ``{"error"}``.
"""

from __future__ import annotations

import argparse
import os
import sys

import requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url",
        default=os.environ.get("B2D_BASE_URL", "http://127.0.0.1:8000/api/v1"),
        help="The API root (env B2D_BASE_URL), e.g. http://127.0.0.1:8000/api/v1",
    )
    parser.add_argument(
        "--api-key", default=os.environ.get("B2D_API_KEY"), help="A tenant API key (env B2D_API_KEY)."
    )
    parser.add_argument(
        "--query", action="store_true", help="Send the key as ?api_key= instead of x-api-key."
    )
    args = parser.parse_args(argv)
    if not args.api_key:
        parser.error("give --api-key or set B2D_API_KEY")
    url = args.base_url.rstrip("/") + "/jobs/list"

    # --- the seed's example, from here on ---------------------------------------------------------------
    headers = {"x-api-key": args.api_key}
    if args.query:
        response = requests.get(url, params={"api_key": args.api_key}, timeout=30)
    else:
        response = requests.get(url, headers=headers, timeout=30)

    if response.status_code == 200:
        data = response.json()
        jobs = data["jobs"]

        print(f"Found {len(jobs)} active jobs:")
        for job in jobs:
            print(f"- Job ID: {job['id']}")
            print(f"  Created: {job['created']}")
            print(f"  Description: {job['description'][:100]}...")
            print()

        # Check usage headers
        print(f"Credits used: {response.headers.get('X-Credits-Used')}")
        print(f"Credits used (assess): {response.headers.get('X-Credits-Used-Assess')}")
        print(f"Credits remaining: {response.headers.get('X-Credits-Remaining')}")
        return 0
    print(f"Error: {response.status_code} - {response.json()}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
