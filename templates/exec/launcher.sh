#!/bin/sh
# denofn exec launcher: one HTTP exchange per connection (run by `nc -ll -e`). The request body
# goes to /app/handler on stdin; its stdout is the response; exit code 0 -> 200, else 500.
# The handler also sees CGI-style variables: REQUEST_METHOD, PATH_INFO, QUERY_STRING,
# CONTENT_LENGTH, CONTENT_TYPE and HTTP_<HEADER> (upper case, '-' as '_').
CR=$(printf '\r')
IFS= read -r line || exit 0
line=${line%"$CR"}
method=${line%% *}
rest=${line#* }
target=${rest%% *}
path=${target%%\?*}
query=
case $target in *\?*) query=${target#*\?} ;; esac
len=0
ctype=
while IFS= read -r h; do
  h=${h%"$CR"}
  [ -z "$h" ] && break
  name=$(printf '%s' "${h%%:*}" | tr 'a-z-' 'A-Z_' | tr -cd 'A-Z0-9_')
  value=${h#*:}
  value=${value# }
  case $name in
    CONTENT_LENGTH) len=$value ;;
    CONTENT_TYPE) ctype=$value ;;
    '') ;;
    *) export "HTTP_$name=$value" ;;
  esac
done
reply() { # status text file
  size=$(wc -c <"$3")
  printf 'HTTP/1.1 %s %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' "$1" "$2" "$size"
  [ "$method" = HEAD ] || cat "$3"
}
out=/tmp/denofn-out.$$
trap 'rm -f "$out"' EXIT
if [ "$path" = /__denofn/health ]; then
  printf ok >"$out"
  reply 200 OK "$out"
  exit 0
fi
case $len in '' | *[!0-9]*) len=0 ;; esac
export REQUEST_METHOD="$method" PATH_INFO="$path" QUERY_STRING="$query"
export CONTENT_LENGTH="$len" CONTENT_TYPE="$ctype"
cd /app || exit 1
if [ "$len" -gt 0 ]; then
  head -c "$len" | ./handler >"$out"
else
  ./handler </dev/null >"$out"
fi
code=$?
if [ "$code" -eq 0 ]; then reply 200 OK "$out"; else reply 500 "Internal Server Error" "$out"; fi
