#!/bin/bash
# Docker HEALTHCHECK: GET /healthz on the address of METRICS_ADDR (a
# wildcard host is asked on loopback). METRICS_ADDR set empty disables the
# metrics server, and with it this check (always healthy).
addr=${METRICS_ADDR-0.0.0.0:9090}
[ -n "$addr" ] || exit 0
host=${addr%:*} port=${addr##*:}
host=${host#[} host=${host%]}
case $host in "" | 0.0.0.0 | :: ) host=127.0.0.1 ;; esac
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
head -n 1 <&3 | grep -q ' 200 '
