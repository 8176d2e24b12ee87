#!/usr/bin/env python3
"""Reads run.sh's JSON lines on stdin and prints them as a Markdown table (for README.md).

Every line must parse; a line that does not is an error, not skipped.
"""
import json
import sys


def format_value(value):
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def main():
    print("| benchmark | params | value | unit |")
    print("|---|---|---:|---|")
    for number, line in enumerate(sys.stdin, 1):
        try:
            result = json.loads(line)
        except json.JSONDecodeError as error:
            sys.exit(f"line {number} is not JSON: {error}")
        params = ", ".join(f"{k}={v}" for k, v in result["params"].items())
        print(f"| {result['name']} | {params} | {format_value(result['value'])} | {result['unit']} |")


if __name__ == "__main__":
    main()
