// LD_PRELOAD shim for the disk-full system test: write(), writev(), pwrite() and pwritev() to
// files under $CASPIAN_ENOSPC_DIR fail with ENOSPC once $CASPIAN_ENOSPC_AFTER_BYTES bytes have been
// written there (the write that crosses the limit is cut short), as on a full file system.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long written_bytes;

// The bytes of a request of n that may still be written to fd: n when fd is not under the
// folder; -1 (errno ENOSPC) when the limit is reached.
static ssize_t allowed(int fd, size_t n) {
  const char* dir = getenv("CASPIAN_ENOSPC_DIR");
  const char* limit_text = getenv("CASPIAN_ENOSPC_AFTER_BYTES");
  if (dir == NULL || limit_text == NULL || n == 0) return (ssize_t)n;
  char link[64], target[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t len = readlink(link, target, sizeof target - 1);
  if (len < 0) return (ssize_t)n;
  target[len] = '\0';
  const size_t dir_len = strlen(dir);
  if (strncmp(target, dir, dir_len) != 0 || (target[dir_len] != '/' && target[dir_len] != '\0'))
    return (ssize_t)n;
  const long long limit = atoll(limit_text);
  long long left = limit - __atomic_load_n(&written_bytes, __ATOMIC_SEQ_CST);
  if (left <= 0) {
    errno = ENOSPC;
    return -1;
  }
  const size_t granted = (long long)n < left ? n : (size_t)left;
  __atomic_add_fetch(&written_bytes, (long long)granted, __ATOMIC_SEQ_CST);
  return (ssize_t)granted;
}

ssize_t write(int fd, const void* buf, size_t n) {
  static ssize_t (*real)(int, const void*, size_t);
  if (!real) real = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  const ssize_t k = allowed(fd, n);
  return k < 0 ? -1 : real(fd, buf, (size_t)k);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
  static ssize_t (*real)(int, const void*, size_t, off_t);
  if (!real) real = (ssize_t(*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
  const ssize_t k = allowed(fd, n);
  return k < 0 ? -1 : real(fd, buf, (size_t)k, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t offset) {
  return pwrite(fd, buf, n, offset);
}

static size_t total(const struct iovec* iov, int count) {
  size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  return n;
}

// Vector writes are cut to the first (at most 64) buffers that fit: a short write, as the
// kernel may do.
static int cut(const struct iovec* iov, int count, size_t granted, struct iovec* out) {
  int k = 0;
  for (; k < count && k < 64 && granted > 0; ++k) {
    out[k] = iov[k];
    if (out[k].iov_len > granted) out[k].iov_len = granted;
    granted -= out[k].iov_len;
  }
  return k;
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  static ssize_t (*real)(int, const struct iovec*, int);
  if (!real) real = (ssize_t(*)(int, const struct iovec*, int))dlsym(RTLD_NEXT, "writev");
  const size_t n = total(iov, count);
  const ssize_t k = allowed(fd, n);
  if (k < 0) return -1;
  if ((size_t)k == n) return real(fd, iov, count);
  struct iovec part[64];
  return real(fd, part, cut(iov, count, (size_t)k, part));
}

ssize_t pwritev(int fd, const struct iovec* iov, int count, off_t offset) {
  static ssize_t (*real)(int, const struct iovec*, int, off_t);
  if (!real) real = (ssize_t(*)(int, const struct iovec*, int, off_t))dlsym(RTLD_NEXT, "pwritev");
  const size_t n = total(iov, count);
  const ssize_t k = allowed(fd, n);
  if (k < 0) return -1;
  if ((size_t)k == n) return real(fd, iov, count, offset);
  struct iovec part[64];
  return real(fd, part, cut(iov, count, (size_t)k, part), offset);
}
