"""Run the official HrFlow Python SDK against a live HireScope server: ``GET /jobs/scoring``, ranked jobs.

The SDK is not a dependency of this project; install it in a scratch virtualenv and run this script
with that interpreter:

    python3.11 -m venv /tmp/hrflowsdk && /tmp/hrflowsdk/bin/pip install hrflow
    /tmp/hrflowsdk/bin/python bench/hrflow_client.py --base-url http://127.0.0.1:8000/api/v1/ \\
        --api-key hsk_live_… --email demo@hiresscope.local --board-key brd_… --profile-key <candidate id>

``--board-key`` may be repeated. Filters are passed through as the SDK's extra keyword arguments; the
SDK JSON-encodes list values itself, but sends a dict as its keys, so ``--geopoint`` is given to it as
a JSON string. Prints the meta block and one line per job (rank, p, key, title); exits 1 on an error
answer, printing HrFlow's ``{code, message}``.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="The API root, e.g. http://127.0.0.1:8000/api/v1/")
    parser.add_argument("--api-key", required=True, help="A tenant API key (X-API-KEY).")
    parser.add_argument("--email", required=True, help="A member of the key's tenant (X-USER-EMAIL).")
    parser.add_argument("--board-key", action="append", required=True, dest="board_keys")
    parser.add_argument("--profile-key", required=True, help="The candidate id.")
    parser.add_argument("--source-key")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--sort-by", default="scoring", help="scoring (default), created_at or updated_at")
    parser.add_argument("--order-by", default="desc")
    parser.add_argument("--skills", help="Comma-separated skill names every job must list.")
    parser.add_argument("--geopoint", help='JSON, e.g. {"lat": 52.52, "lng": 13.40}; needs --distance.')
    parser.add_argument("--distance", type=float, help="Radius in km around --geopoint.")
    args = parser.parse_args(argv)

    try:
        from hrflow import Hrflow
    except ImportError:
        print(
            "The hrflow SDK is not installed in this interpreter; see the module docstring.", file=sys.stderr
        )
        return 2

    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    client = Hrflow(api_url=base_url, api_secret=args.api_key, api_user=args.email)
    filters: dict = {}
    if args.skills:
        filters["skills"] = [skill.strip() for skill in args.skills.split(",") if skill.strip()]
    if args.geopoint:
        filters["location_geopoint"] = json.dumps(json.loads(args.geopoint))
        filters["location_distance"] = args.distance
    answer = client.job.scoring.list(
        board_keys=args.board_keys,
        profile_key=args.profile_key,
        source_key=args.source_key,
        limit=args.limit,
        page=args.page,
        sort_by=args.sort_by,
        order_by=args.order_by,
        **filters,
    )

    if answer.get("code") != 200:
        print(json.dumps(answer), file=sys.stderr)
        return 1
    print(f"{answer['message']}: {json.dumps(answer['meta'])}")
    for rank, (job, (_, p)) in enumerate(
        zip(answer["data"]["jobs"], answer["data"]["predictions"], strict=True), 1
    ):
        print(f"{rank:>3}. p={p:.4f}  {job['key']}  {job['name']}  [{job['location']['text'] or '-'}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
