#!/bin/sh
set -eu
cd "$(dirname "$0")/.."
bin/celltriage --help
