/*
 * The scanner's walk in C: the same `du -s` of one directory as walk-tree.ts (read that file
 * first: it is the reference, and what runs where this addon is not built), for the one thing
 * JavaScript cannot make cheap: the per-file cost. A million files took the TypeScript walker
 * 1.7x du's CPU time, because Node resolves a whole path per lstat and builds a Stats object per
 * file. Here, as in du (coreutils, through fts), each directory is opened once and its entries
 * are fstatat'ed relative to it: one path component per file, nothing allocated per file.
 *
 * Same rules as walk-tree.ts: lstat only (symlinks counted, never followed); an entry on another
 * device is left out with everything below it (du -x); a non-directory with more than one link is
 * counted once per walk by dev:ino; the root's direct children named in `shallow` are counted
 * but not entered; an explicit stack, popped last-in first-out in readdir order, so the order in
 * which hard links are met (and so which child is charged with them) is the TypeScript walker's.
 *
 * Called synchronously from a scan worker thread (Node-API, context-aware, no shared state).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#define CHECK(call)                                                                               \
  do {                                                                                            \
    if ((call) != napi_ok) goto napi_failed;                                                      \
  } while (0)

/* ---- growable buffers ---------------------------------------------------------------------- */

typedef struct {
  char *bytes;
  size_t length;
  size_t capacity;
} Bytes;

static bool bytes_reserve(Bytes *b, size_t extra) {
  if (b->length + extra <= b->capacity) return true;
  size_t capacity = b->capacity == 0 ? 256 : b->capacity;
  while (capacity < b->length + extra) capacity *= 2;
  char *grown = realloc(b->bytes, capacity);
  if (grown == NULL) return false;
  b->bytes = grown;
  b->capacity = capacity;
  return true;
}

static bool bytes_append(Bytes *b, const void *data, size_t length) {
  if (!bytes_reserve(b, length)) return false;
  memcpy(b->bytes + b->length, data, length);
  b->length += length;
  return true;
}

/* Room for one more item in a growable array of `size`-byte items; false when out of memory. */
static bool reserve_one(void *items, size_t *capacity, size_t count, size_t size) {
  if (count < *capacity) return true;
  size_t grown = *capacity == 0 ? 64 : *capacity * 2;
  void *moved = realloc(*(void **)items, grown * size);
  if (moved == NULL) return false;
  *(void **)items = moved;
  *capacity = grown;
  return true;
}

/* ---- hard links seen: an open-addressing set of (dev, ino) --------------------------------- */

typedef struct {
  uint64_t dev;
  uint64_t ino;
  bool used;
} Inode;

typedef struct {
  Inode *slots;
  size_t capacity; /* a power of two */
  size_t count;
} InodeSet;

static size_t inode_hash(uint64_t dev, uint64_t ino, size_t mask) {
  uint64_t h = (ino ^ (dev * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
  return (size_t)(h ^ (h >> 32)) & mask;
}

/* 1: added, 0: already there, -1: out of memory. */
static int inode_add(InodeSet *set, uint64_t dev, uint64_t ino) {
  if ((set->count + 1) * 2 > set->capacity) {
    size_t capacity = set->capacity == 0 ? 64 : set->capacity * 2;
    Inode *slots = calloc(capacity, sizeof(Inode));
    if (slots == NULL) return -1;
    for (size_t i = 0; i < set->capacity; i++) {
      Inode *old = &set->slots[i];
      if (!old->used) continue;
      size_t j = inode_hash(old->dev, old->ino, capacity - 1);
      while (slots[j].used) j = (j + 1) & (capacity - 1);
      slots[j] = *old;
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
  }
  size_t mask = set->capacity - 1;
  size_t i = inode_hash(dev, ino, mask);
  while (set->slots[i].used) {
    if (set->slots[i].dev == dev && set->slots[i].ino == ino) return 0;
    i = (i + 1) & mask;
  }
  set->slots[i] = (Inode){dev, ino, true};
  set->count++;
  return 1;
}

/* ---- the walk ------------------------------------------------------------------------------ */

typedef struct {
  double diskBytes;
  double apparentBytes;
  double files;
} Figures;

typedef struct {
  Figures figures;
  size_t nameEnd; /* where its name ends in Walk.childNames */
  bool isDirectory;
} Child;

typedef struct {
  char *path; /* NUL-terminated, owned */
  size_t length;
  int depth;
  int child; /* index into the children, -1 for none */
  bool shallow;
} Frame;

typedef struct {
  napi_env env;
  Figures total;
  double directoriesRead;
  double vanished;
  double mountsSkipped;
  bool rootMissing;
  uint64_t device;
  InodeSet seen;
  napi_value warnings;   /* JS array of { path, code, message } */
  uint32_t warningCount;
  napi_value linked;     /* JS array of [key, diskBytes, apparentBytes] */
  uint32_t linkedCount;
  bool perChild;
  Child *children;  /* per direct child, when perChild */
  Bytes childNames; /* their names, back to back */
  size_t childCount;
  size_t childCapacity;
} Walk;

static bool is_vanished(int error) { return error == ENOENT || error == ENOTDIR; }

/* A warning as walk-tree.ts makes it from Node's error: "EACCES: permission denied, lstat 'p'". */
static napi_status warn(Walk *w, const char *path, size_t length, int error, const char *syscall) {
  napi_env env = w->env;
  napi_value warning, value;
  const char *code = uv_err_name(-error);
  char message[512];
  int written = snprintf(message, sizeof message, "%s: %s, %s '", code, uv_strerror(-error),
                         syscall);
  size_t room = sizeof message - (size_t)written - 2;
  size_t shown = length < room ? length : room;
  memcpy(message + written, path, shown);
  message[written + shown] = '\'';
  message[written + shown + 1] = '\0';
  napi_status s;
  if ((s = napi_create_object(env, &warning)) != napi_ok) return s;
  if ((s = napi_create_buffer_copy(env, length, path, NULL, &value)) != napi_ok) return s;
  if ((s = napi_set_named_property(env, warning, "path", value)) != napi_ok) return s;
  if ((s = napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &value)) != napi_ok) return s;
  if ((s = napi_set_named_property(env, warning, "code", value)) != napi_ok) return s;
  /* The path in the message may not be UTF-8; latin1 keeps every byte visible. */
  if ((s = napi_create_string_latin1(env, message, NAPI_AUTO_LENGTH, &value)) != napi_ok) return s;
  if ((s = napi_set_named_property(env, warning, "message", value)) != napi_ok) return s;
  return napi_set_element(env, w->warnings, w->warningCount++, warning);
}

static napi_status fail(Walk *w, const char *path, size_t length, int error, const char *syscall) {
  if (is_vanished(error)) {
    w->vanished++;
    return napi_ok;
  }
  return warn(w, path, length, error, syscall);
}

/* Counts one inode: 1 counted, 0 a hard link already counted, -1 out of memory. */
static int count(Walk *w, const struct stat *st, int child) {
  bool isDirectory = S_ISDIR(st->st_mode);
  double diskBytes = (double)st->st_blocks * 512;
  double apparentBytes = st->st_size > 0 ? (double)st->st_size : 0;
  if (!isDirectory && st->st_nlink > 1) {
    int added = inode_add(&w->seen, (uint64_t)st->st_dev, (uint64_t)st->st_ino);
    if (added <= 0) return added;
    /* Spelled as Node's BigIntStats spells them (signed 64-bit), like every earlier scan. */
    char key[48];
    snprintf(key, sizeof key, "%" PRId64 ":%" PRId64, (int64_t)st->st_dev, (int64_t)st->st_ino);
    napi_env env = w->env;
    napi_value entry, value;
    if (napi_create_array_with_length(env, 3, &entry) != napi_ok) return -1;
    if (napi_create_string_latin1(env, key, NAPI_AUTO_LENGTH, &value) != napi_ok) return -1;
    if (napi_set_element(env, entry, 0, value) != napi_ok) return -1;
    if (napi_create_double(env, diskBytes, &value) != napi_ok) return -1;
    if (napi_set_element(env, entry, 1, value) != napi_ok) return -1;
    if (napi_create_double(env, apparentBytes, &value) != napi_ok) return -1;
    if (napi_set_element(env, entry, 2, value) != napi_ok) return -1;
    if (napi_set_element(env, w->linked, w->linkedCount++, entry) != napi_ok) return -1;
  }
  w->total.diskBytes += diskBytes;
  w->total.apparentBytes += apparentBytes;
  if (!isDirectory) w->total.files++;
  if (child >= 0) {
    Figures *figures = &w->children[child].figures;
    figures->diskBytes += diskBytes;
    figures->apparentBytes += apparentBytes;
    if (!isDirectory) figures->files++;
  }
  return 1;
}

static bool add_child(Walk *w, const char *name, size_t length, bool isDirectory) {
  if (!reserve_one(&w->children, &w->childCapacity, w->childCount, sizeof(Child))) return false;
  if (!bytes_append(&w->childNames, name, length)) return false;
  w->children[w->childCount++] = (Child){{0, 0, 0}, w->childNames.length, isDirectory};
  return true;
}

typedef struct {
  Frame *frames;
  size_t count;
  size_t capacity;
} Stack;

static bool push(Stack *stack, Frame frame) {
  if (!reserve_one(&stack->frames, &stack->capacity, stack->count, sizeof(Frame))) return false;
  stack->frames[stack->count++] = frame;
  return true;
}

static bool is_shallow(const char *name, napi_env env, napi_value shallow, uint32_t shallowCount) {
  for (uint32_t i = 0; i < shallowCount; i++) {
    napi_value item;
    char text[256];
    size_t length;
    if (napi_get_element(env, shallow, i, &item) != napi_ok) continue;
    if (napi_get_value_string_utf8(env, item, text, sizeof text, &length) != napi_ok) continue;
    if (strcmp(text, name) == 0) return true;
  }
  return false;
}

typedef enum { WALK_OK, WALK_NO_MEMORY, WALK_NAPI_FAILED } WalkStatus;

/* A directory's names, NUL-terminated back to back, and where each starts. */
typedef struct {
  Bytes names;
  size_t *starts;
  size_t count;
  size_t capacity;
} Names;

/* The names qsort is sorting: one per thread, as scan workers walk at once. */
static _Thread_local const char *sortedNames;

static int by_name(const void *a, const void *b) {
  return strcmp(sortedNames + *(const size_t *)a, sortedNames + *(const size_t *)b);
}

/*
 * Lists a directory in strcmp order, without . and ..: the order of Node's readdir (libuv's
 * scandir sorts with strcmp), so both walkers meet hard links, and list children, alike.
 * 0 or an errno.
 */
static int list_names(DIR *dir, Names *list) {
  list->names.length = 0;
  list->count = 0;
  for (;;) {
    errno = 0;
    struct dirent *entry = readdir(dir);
    if (entry == NULL) break;
    const char *name = entry->d_name;
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
    if (!reserve_one(&list->starts, &list->capacity, list->count, sizeof(size_t))) return ENOMEM;
    list->starts[list->count++] = list->names.length;
    if (!bytes_append(&list->names, name, strlen(name) + 1)) return ENOMEM;
  }
  if (errno != 0) return errno;
  sortedNames = list->names.bytes;
  if (list->count > 1) qsort(list->starts, list->count, sizeof(size_t), by_name);
  return 0;
}

/* A directory that could not be read: counted as gone, or warned of. */
static WalkStatus unreadable(Walk *w, const Frame *frame, int error) {
  return fail(w, frame->path, frame->length, error, "scandir") == napi_ok ? WALK_OK
                                                                         : WALK_NAPI_FAILED;
}

/* Reads one directory: counts its entries and pushes the directories to enter. */
static WalkStatus read_directory(Walk *w, Stack *stack, Frame *frame, napi_value shallow,
                                 uint32_t shallowCount, Names *list, Bytes *path) {
  int fd = open(frame->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  /* O_NOFOLLOW: a directory replaced by a symlink since it was listed is gone, not followed. */
  if (fd < 0) return unreadable(w, frame, errno == ELOOP ? ENOENT : errno);
  DIR *dir = fdopendir(fd);
  int error = dir == NULL ? errno : list_names(dir, list);
  if (error != 0) {
    if (dir == NULL) close(fd); else closedir(dir);
    if (error == ENOMEM) return WALK_NO_MEMORY;
    /* Like Node's readdir: a directory that cannot be listed whole counts nothing inside. */
    return unreadable(w, frame, error);
  }
  w->directoriesRead++;
  bool perChild = frame->depth == 0 && w->perChild;
  bool checkShallow = frame->depth == 0 && shallowCount > 0;
  WalkStatus status = WALK_OK;
  for (size_t i = 0; i < list->count && status == WALK_OK; i++) {
    const char *name = list->names.bytes + list->starts[i];
    size_t nameLength = strlen(name);
    struct stat st;
    if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      int statError = errno;
      path->length = 0;
      if (!bytes_append(path, frame->path, frame->length) || !bytes_append(path, "/", 1) ||
          !bytes_append(path, name, nameLength))
        status = WALK_NO_MEMORY;
      else if (fail(w, path->bytes, path->length, statError, "lstat") != napi_ok)
        status = WALK_NAPI_FAILED;
      continue;
    }
    if ((uint64_t)st.st_dev != w->device) {
      w->mountsSkipped++;
      continue;
    }
    bool isDirectory = S_ISDIR(st.st_mode);
    int child = frame->child;
    if (perChild) {
      child = (int)w->childCount;
      if (!add_child(w, name, nameLength, isDirectory)) {
        status = WALK_NO_MEMORY;
        continue;
      }
    }
    int counted = count(w, &st, child);
    if (counted < 0) status = WALK_NO_MEMORY;
    if (counted <= 0 || !isDirectory || frame->shallow) continue;
    size_t length = frame->length + 1 + nameLength;
    char *childPath = malloc(length + 1);
    if (childPath == NULL) {
      status = WALK_NO_MEMORY;
      continue;
    }
    memcpy(childPath, frame->path, frame->length);
    childPath[frame->length] = '/';
    memcpy(childPath + frame->length + 1, name, nameLength + 1);
    Frame next = {childPath, length, frame->depth + 1, child,
                  checkShallow && is_shallow(name, w->env, shallow, shallowCount)};
    if (!push(stack, next)) {
      free(childPath);
      status = WALK_NO_MEMORY;
    }
  }
  closedir(dir);
  return status;
}

static napi_value figures_object(napi_env env, napi_value target, const Figures *figures) {
  napi_value value;
  if (napi_create_double(env, figures->diskBytes, &value) != napi_ok) return NULL;
  if (napi_set_named_property(env, target, "diskBytes", value) != napi_ok) return NULL;
  if (napi_create_double(env, figures->apparentBytes, &value) != napi_ok) return NULL;
  if (napi_set_named_property(env, target, "apparentBytes", value) != napi_ok) return NULL;
  if (napi_create_double(env, figures->files, &value) != napi_ok) return NULL;
  if (napi_set_named_property(env, target, "files", value) != napi_ok) return NULL;
  return target;
}

static napi_value set_number(napi_env env, napi_value target, const char *key, double number) {
  napi_value value;
  if (napi_create_double(env, number, &value) != napi_ok) return NULL;
  if (napi_set_named_property(env, target, key, value) != napi_ok) return NULL;
  return target;
}

/* The WalkResult of walk-tree.ts. */
static napi_value result_object(Walk *w) {
  napi_env env = w->env;
  napi_value result, value;
  if (napi_create_object(env, &result) != napi_ok) return NULL;
  if (figures_object(env, result, &w->total) == NULL) return NULL;
  if (set_number(env, result, "directoriesRead", w->directoriesRead) == NULL) return NULL;
  if (set_number(env, result, "vanished", w->vanished) == NULL) return NULL;
  if (set_number(env, result, "mountsSkipped", w->mountsSkipped) == NULL) return NULL;
  if (napi_get_boolean(env, w->rootMissing, &value) != napi_ok) return NULL;
  if (napi_set_named_property(env, result, "rootMissing", value) != napi_ok) return NULL;
  if (napi_set_named_property(env, result, "warnings", w->warnings) != napi_ok) return NULL;
  if (napi_set_named_property(env, result, "linkedInodes", w->linked) != napi_ok) return NULL;
  napi_value children;
  if (!w->perChild) {
    if (napi_get_null(env, &children) != napi_ok) return NULL;
  } else {
    if (napi_create_array_with_length(env, w->childCount, &children) != napi_ok) return NULL;
    size_t start = 0;
    for (size_t i = 0; i < w->childCount; i++) {
      napi_value child;
      const Child *one = &w->children[i];
      size_t end = one->nameEnd;
      if (napi_create_object(env, &child) != napi_ok) return NULL;
      if (napi_create_buffer_copy(env, end - start, w->childNames.bytes + start, NULL, &value) !=
          napi_ok)
        return NULL;
      if (napi_set_named_property(env, child, "name", value) != napi_ok) return NULL;
      if (napi_get_boolean(env, one->isDirectory, &value) != napi_ok) return NULL;
      if (napi_set_named_property(env, child, "isDirectory", value) != napi_ok) return NULL;
      if (figures_object(env, child, &one->figures) == NULL) return NULL;
      if (napi_set_element(env, children, (uint32_t)i, child) != napi_ok) return NULL;
      start = end;
    }
  }
  if (napi_set_named_property(env, result, "children", children) != napi_ok) return NULL;
  return result;
}

/* onProgress(directoriesRead, diskBytes); an exception it throws stays pending. */
static napi_status report_progress(Walk *w, napi_value onProgress) {
  napi_value args[2], ignored;
  napi_status status;
  if ((status = napi_create_double(w->env, w->directoriesRead, &args[0])) != napi_ok) return status;
  if ((status = napi_create_double(w->env, w->total.diskBytes, &args[1])) != napi_ok) return status;
  return napi_call_function(w->env, onProgress, onProgress, 2, args, &ignored);
}

/*
 * walk(root: Buffer, device: bigint | null, shallow: string[], selfOnly: boolean,
 *      perChild: boolean, onProgress: ((directoriesRead, diskBytes) => void) | null): WalkResult
 */
static napi_value walk(napi_env env, napi_callback_info info) {
  Walk w = {0};
  Stack stack = {0};
  Bytes path = {0};
  Names list = {0};
  char *root = NULL;
  napi_value result = NULL;
  double reported = 0;
  WalkStatus status = WALK_OK;
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) {
    napi_throw_type_error(env, NULL, "walk takes six arguments");
    goto cleanup;
  }
  void *rootData;
  size_t rootLength;
  CHECK(napi_get_buffer_info(env, argv[0], &rootData, &rootLength));
  napi_valuetype deviceType, progressType;
  CHECK(napi_typeof(env, argv[1], &deviceType));
  CHECK(napi_typeof(env, argv[5], &progressType));
  uint32_t shallowCount;
  CHECK(napi_get_array_length(env, argv[2], &shallowCount));
  bool selfOnly, perChild;
  CHECK(napi_get_value_bool(env, argv[3], &selfOnly));
  CHECK(napi_get_value_bool(env, argv[4], &perChild));

  w.env = env;
  w.perChild = perChild;
  CHECK(napi_create_array(env, &w.warnings));
  CHECK(napi_create_array(env, &w.linked));

  root = malloc(rootLength + 1);
  if (root == NULL) goto no_memory;
  memcpy(root, rootData, rootLength);
  root[rootLength] = '\0';

  struct stat rootStat;
  if (lstat(root, &rootStat) != 0) {
    int error = errno;
    if (is_vanished(error)) w.rootMissing = true;
    CHECK(fail(&w, root, rootLength, error, "lstat"));
    goto done;
  }
  if (deviceType == napi_bigint) {
    int64_t device;
    bool lossless;
    CHECK(napi_get_value_bigint_int64(env, argv[1], &device, &lossless));
    w.device = (uint64_t)device;
  } else {
    w.device = (uint64_t)rootStat.st_dev;
  }
  if ((uint64_t)rootStat.st_dev != w.device) {
    w.mountsSkipped++;
    goto done;
  }
  if (count(&w, &rootStat, -1) < 0) goto no_memory;
  if (!S_ISDIR(rootStat.st_mode) || selfOnly) goto done;

  char *first = strdup(root);
  if (first == NULL) goto no_memory;
  if (!push(&stack, (Frame){first, rootLength, 0, -1, false})) {
    free(first);
    goto no_memory;
  }
  while (stack.count > 0 && status == WALK_OK) {
    Frame frame = stack.frames[--stack.count];
    status = read_directory(&w, &stack, &frame, argv[2], shallowCount, &list, &path);
    free(frame.path);
    if (progressType == napi_function && w.directoriesRead - reported >= 256) {
      reported = w.directoriesRead;
      CHECK(report_progress(&w, argv[5]));
    }
  }
  if (status == WALK_NO_MEMORY) goto no_memory;
  if (status == WALK_NAPI_FAILED) goto napi_failed;
  if (progressType == napi_function) CHECK(report_progress(&w, argv[5]));

done:
  result = result_object(&w);
  if (result == NULL) goto napi_failed;
  goto cleanup;

no_memory:
  napi_throw_error(env, "ENOMEM", "The walk ran out of memory.");
  goto cleanup;

napi_failed: {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, "The native walk failed in a Node-API call.");
}

cleanup:
  free(root);
  while (stack.count > 0) free(stack.frames[--stack.count].path);
  free(stack.frames);
  free(path.bytes);
  free(list.names.bytes);
  free(list.starts);
  free(w.seen.slots);
  free(w.children);
  free(w.childNames.bytes);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "walk", NAPI_AUTO_LENGTH, walk, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "walk", fn) != napi_ok) return NULL;
  return exports;
}
