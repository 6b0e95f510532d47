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
chunked=
while IFS= read -r h; do
  h=${h%"$CR"}
  [ -z "$h" ] && break
  name=$(printf '%s' "${h%%:*}" | tr 'a-z-' 'A-Z_' | tr -cd 'A-Z0-9_')
  value=${h#*:}
  value=${value# }
  case $name in
    CONTENT_LENGTH) len=$value ;;
    CONTENT_TYPE) ctype=$value ;;
    TRANSFER_ENCODING) case $value in *chunked*) chunked=1 ;; esac ;;
    '') ;;
    *) export "HTTP_$name=$value" ;;
  esac
done
reply() { # status text file
  size=$(wc -c <"$3")
  printf 'HTTP/1.1 %s %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' "$1" "$2" "$size"
  [ "$method" = HEAD ] || cat "$3"
}
dechunk() { # a chunked body on stdin to stdout; dd reads exactly each chunk, never beyond
  while IFS= read -r size; do
    size=${size%"$CR"}
    n=$((0x${size%%;*}))
    if [ "$n" -eq 0 ]; then
      while IFS= read -r t && [ -n "${t%"$CR"}" ]; do :; done
      return 0
    fi
    dd bs="$n" count=1 iflag=fullblock 2>/dev/null
    IFS= read -r _
  done
}
out=/tmp/denofn-out.$$
in=/tmp/denofn-in.$$
trap 'rm -f "$out" "$in"' EXIT
if [ "$path" = /__denofn/health ]; then
  printf ok >"$out"
  reply 200 OK "$out"
  exit 0
fi
case $len in '' | *[!0-9]*) len=0 ;; esac
if [ -n "$chunked" ]; then
  dechunk >"$in"
  len=$(wc -c <"$in")
fi
export REQUEST_METHOD="$method" PATH_INFO="$path" QUERY_STRING="$query"
export CONTENT_LENGTH="$len" CONTENT_TYPE="$ctype"
cd /app || exit 1
if [ -n "$chunked" ]; then
  ./handler <"$in" >"$out"
elif [ "$len" -gt 0 ]; then
  head -c "$len" | ./handler >"$out"
else
  ./handler </dev/null >"$out"
fi
code=$?
if [ "$code" -eq 0 ]; then reply 200 OK "$out"; else reply 500 "Internal Server Error" "$out"; fi
