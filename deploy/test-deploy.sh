#!/usr/bin/env bash
# The release as someone would run it: unpacks the `make dist` tarball into a temporary folder
# (no source tree, cargo or node near it), starts it in production mode behind Debian's nginx
# with deploy/nginx.conf and a self-signed certificate for 127.0.0.1, then checks over https:
# HSTS, /pkg/ brotli and immutable through the proxy, the request id from nginx, the throttle
# counting clients by the address nginx puts in X-Forwarded-For, and Playwright's journey
# (sign up, profile, log out, log in, log out) with a __Host- Secure cookie. Production needs
# SMTP: a sink (tools/src/bin/smtp_sink.rs, built from the source tree: it is a test tool, not part
# of the release) takes the mail, and the verification link in it is used over https.
# Everything listens on 127.0.0.1; everything started is stopped by its process id.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(ls -t "$repo"/dist/latch-*.tar.gz 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "test-deploy: no dist/latch-*.tar.gz; run make dist" >&2; exit 1; }

work=$(mktemp -d /tmp/latch-deploy.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-deploy: FAILED: $*" >&2; echo "--- latch log" >&2; tail -n 20 "$work/latch.log" >&2 || true; echo "--- nginx error log" >&2; tail -n 20 "$work/nginx-error.log" >&2 || true; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

tar -xzf "$tarball" -C "$work"
release=$(echo "$work"/latch-*/)
release=${release%/}
echo "test-deploy: unpacked $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB) into $release"

# A self-signed certificate for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

latch_port=$(free_port)
https_port=$(free_port)
http_port=$(free_port)
smtp_port=$(free_port)
origin="https://127.0.0.1:$https_port"

# The mail server Latch sends to.
(cd "$repo" && cargo build -q -p latch-tools --bin smtp_sink)
"$repo/target/debug/smtp_sink" "$smtp_port" "$work/mail" 2>"$work/smtp.log" &
pids+=($!)

# Latch, configured by DEPLOY.md's steps and run as the systemd unit runs it: the environment
# file is the release's example with the values an operator sets, the unit's own Environment=
# lines (this machine's port and folder put in) come first, and the file's values win, as
# systemd has it. Production, JSON logs, behind one proxy, the site beside the binary
# (LEPTOS_SITE_ROOT unset), started from another folder, with only these variables.
mkdir -p "$work/data"
envfile="$work/latch.env"
install -m 0600 "$release/latch.env.example" "$envfile"
cat >>"$envfile" <<ENV
JWT_SECRET=$(openssl rand -base64 48)
FACTOR_SECRET=$(openssl rand -base64 48)
SMTP_URL=smtp://127.0.0.1:$smtp_port
MAIL_FROM=Latch <accounts@example.com>
PUBLIC_ORIGIN=$origin
THROTTLE_SIGNUPS_PER_ADDRESS=10
ENV
mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$release/deploy/latch.service" | tr ' ' '\n' |
  sed -e "s#127.0.0.1:3000#127.0.0.1:$latch_port#" -e "s#/var/lib/latch#$work/data#")
mapfile -t file_env < <(grep -E '^[A-Z_]+=' "$envfile")
(cd "$work/data" && exec env -i PATH=/usr/bin:/bin "${unit_env[@]}" "${file_env[@]}" \
  "$release/latch" >"$work/latch.log" 2>&1) &
pids+=($!)

# nginx with the release's own deploy/nginx.conf: only the addresses, names and certificate
# paths are put in for this machine.
sed -e "s#server 127.0.0.1:3000;#server 127.0.0.1:$latch_port;#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
    -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "/listen \[::\]/d" \
    -e "s#accounts.example.com#127.0.0.1#g" \
    -e "s#/etc/letsencrypt/live/127.0.0.1/fullchain.pem#$work/cert.pem#" \
    -e "s#/etc/letsencrypt/live/127.0.0.1/privkey.pem#$work/key.pem#" \
    -e "s#/var/log/nginx/latch.access.log#$work/latch-access.log#" \
    "$release/deploy/nginx.conf" >"$work/site.conf"
grep -q "$latch_port" "$work/site.conf" && grep -q "$work/cert.pem" "$work/site.conf" && grep -q "$work/latch-access.log" "$work/site.conf" || fail "deploy/nginx.conf no longer has the lines this test fills in"
mkdir -p "$work/nginx-temp"
chmod 777 "$work/nginx-temp"
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    include $work/site.conf;
}
CONF
chmod 755 "$work"
"$nginx_bin" -t -c "$work/nginx.conf" -p "$work" >/dev/null 2>&1 || { "$nginx_bin" -t -c "$work/nginx.conf" -p "$work"; fail "nginx refuses the configuration"; }
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
pids+=($!)

https() { curl -sk --max-time 10 "$@"; }
for _ in $(seq 100); do
  [ "$(https -o /dev/null -w '%{http_code}' "$origin/readyz")" = 200 ] && break
  sleep 0.1
done
[ "$(https -o /dev/null -w '%{http_code}' "$origin/readyz")" = 200 ] || fail "not ready through nginx"
echo "test-deploy: ready at $origin (Latch on 127.0.0.1:$latch_port)"

headers=$(https -D - -o /dev/null "$origin/login" | tr -d '\r' | tr 'A-Z' 'a-z')
echo "$headers" | grep -q '^strict-transport-security: max-age=31536000' || fail "no HSTS over https: $headers"
echo "$headers" | grep -q '^x-request-id: [0-9a-f]\{32\}$' || fail "nginx's request id did not come back: $headers"
[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/login")" = "301 https://127.0.0.1/login" ] ||
  fail "plain http does not send to https"

wasm=$(cd "$release/site/pkg" && ls latch*.wasm | head -n 1)
pkg=$(https -D - -o /dev/null -H 'accept-encoding: br, gzip' "$origin/pkg/$wasm" | tr -d '\r' | tr 'A-Z' 'a-z')
echo "$pkg" | grep -q '^content-encoding: br' || fail "/pkg/ not brotli through the proxy: $pkg"
echo "$pkg" | grep -q '^cache-control: public, max-age=31536000, immutable' || fail "/pkg/ not immutable through the proxy: $pkg"

# The throttle counts the client nginx saw (X-Forwarded-For), not nginx: one signup an
# address (a burst of 1 at 10 an hour), so a second from one client is refused and a first
# from another is not. (Through nginx, every request reaches Latch from 127.0.0.1.)
signup() { https -o /dev/null -w '%{http_code}' --interface "$1" -H 'content-type: application/json' \
  -d "{\"email\":\"$2@example.com\",\"username\":\"$2\",\"password\":\"correct horse battery staple\"}" "$origin/auth/signup"; }
[ "$(signup 127.0.0.3 first)" = 200 ] || fail "first signup from 127.0.0.3"
[ "$(signup 127.0.0.3 second)" = 429 ] || fail "a second signup from 127.0.0.3 was not throttled"
[ "$(signup 127.0.0.4 third)" = 200 ] || fail "127.0.0.4 was throttled with 127.0.0.3: the proxy's address was counted"
# A client cannot escape by forging the header: nginx appends what it saw.
[ "$(https -o /dev/null -w '%{http_code}' --interface 127.0.0.3 -H 'x-forwarded-for: 198.51.100.7' -H 'content-type: application/json' \
  -d '{"email":"forged@example.com","username":"f","password":"correct horse battery staple"}' "$origin/auth/signup")" = 429 ] ||
  fail "a forged X-Forwarded-For escaped the throttle"
echo "test-deploy: HSTS, request id, http to https, /pkg/ brotli + immutable, throttle by X-Forwarded-For: ok"

# The first signup's verification mail went out over SMTP, its link stands on PUBLIC_ORIGIN,
# and using its token over https verifies the address. /dev/mail does not exist here.
mail_text() { python3 -c 'import email, sys
message = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(message["To"])
for part in message.walk():
    if part.get_content_type() == "text/plain": print(part.get_payload(decode=True).decode())' "$1"; }
for _ in $(seq 100); do [ -f "$work/mail/1.eml" ] && break; sleep 0.1; done
[ -f "$work/mail/1.eml" ] || fail "no mail reached the SMTP server"
text=$(mail_text "$work/mail/1.eml")
echo "$text" | head -n 1 | grep -q 'first@example.com' || fail "the first mail is not to first@example.com: $text"
link=$(echo "$text" | grep -o "https://[^ ]*/verify-email?token=[A-Za-z0-9_-]*" | head -n 1)
[ "${link%%/verify-email*}" = "$origin" ] || fail "the link does not stand on PUBLIC_ORIGIN: $text"
[ "$(https -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d "{\"token\":\"${link##*token=}\"}" "$origin/auth/verify-email")" = 200 ] ||
  fail "the mailed token does not verify"
[ "$(https -o /dev/null -w '%{http_code}' "$origin/dev/mail")" = 404 ] || fail "/dev/mail is served by the deployment DEPLOY.md's steps make"
# The link's page, opened as a person would (with the token in its query): nginx logs the path only.
[ "$(https -o /dev/null -w '%{http_code}' "$link")" = 200 ] || fail "the verification page does not open"
grep -q 'GET /verify-email HTTP' "$work/latch-access.log" || fail "nginx's access log does not have the page: $(tail -n 3 "$work/latch-access.log")"
! grep -q "${link##*token=}" "$work/latch-access.log" || fail "a mailed token reached nginx's access log"
echo "test-deploy: mail over SMTP, its link on PUBLIC_ORIGIN, verified over https, no /dev/mail: ok"

(cd "$repo/end2end" && DEPLOY_URL="$origin" npx playwright test --config playwright.deploy.config.ts) || fail "the browser journey"
grep -q '"request_id"' "$work/latch.log" || fail "no request ids in Latch's JSON log"
echo "test-deploy: passed"
