/*
 * A closed-loop HTTP/1.1 latency client for the bench: N keep-alive connections to
 * 127.0.0.1:<port>, each sending the next GET as soon as the previous response is complete,
 * timing every request with CLOCK_MONOTONIC. Stops after <ms> milliseconds or <max> requests.
 * Prints one JSON line. Usage: latency <port> <path> <conns> <ms> <max>
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { int fd; double start; char buf[65536]; int len; } conn_t;

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Length of the first complete response in buf, or 0 if incomplete, -1 if unparsable. */
static int complete(const char *buf, int len) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  if (!end) return 0;
  int head = (int)(end - buf) + 4;
  for (const char *p = buf; p < end; p++) {
    if (strncasecmp(p, "\r\ncontent-length:", 17) == 0) {
      int cl = atoi(p + 17);
      return len >= head + cl ? head + cl : 0;
    }
  }
  const char *last = memmem(buf + head, len - head, "0\r\n\r\n", 5);
  return last ? (int)(last - buf) + 5 : 0;
}

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: latency port path conns ms max\n"); return 2; }
  int port = atoi(argv[1]), n = atoi(argv[3]);
  double stop_at = now_us() + atof(argv[4]) * 1e3;
  long max = atol(argv[5]), sent = 0, done = 0, errors = 0;
  char req[1024];
  int reqlen = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", argv[2]);
  double *lat = malloc(sizeof(double) * (max + 1));
  conn_t *cs = calloc(n, sizeof(conn_t));
  int ep = epoll_create1(0), open = 0;
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  double t0 = now_us();
  for (int i = 0; i < n; i++) {
    cs[i].fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(cs[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(cs[i].fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); return 1; }
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
    if (sent < max) { cs[i].start = now_us(); write(cs[i].fd, req, reqlen); sent++; open++; }
  }
  struct epoll_event evs[256];
  while (open > 0) {
    int k = epoll_wait(ep, evs, 256, 2000);
    if (k <= 0) { errors += open; break; } /* nothing for 2 s: count the rest as errors */
    for (int e = 0; e < k; e++) {
      conn_t *c = &cs[evs[e].data.u32];
      int r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
      if (r <= 0) { errors++; open--; epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); continue; }
      c->len += r;
      int used = complete(c->buf, c->len);
      if (used == 0) continue;
      double t = now_us();
      lat[done++] = t - c->start;
      memmove(c->buf, c->buf + used, c->len - used);
      c->len -= used;
      if (t < stop_at && sent < max) { c->start = t; write(c->fd, req, reqlen); sent++; }
      else open--;
    }
  }
  double secs = (now_us() - t0) / 1e6, sum = 0;
  qsort(lat, done, sizeof(double), cmp);
  for (long i = 0; i < done; i++) sum += lat[i];
#define P(q) (done ? lat[(long)((q) * (done - 1))] : 0)
  printf("{\"requests\":%ld,\"errors\":%ld,\"seconds\":%.3f,\"rps\":%.1f,\"mean_us\":%.1f,"
         "\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
         done, errors, secs, done / secs, done ? sum / done : 0, P(0.5), P(0.9), P(0.99), P(1.0));
  return 0;
}
