// libedit (BSD editline): line editing, history and completion for the REPL.
#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>

// Non-variadic wrappers: Swift cannot call C variadic functions such as el_set() and history().
static inline int lr_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) { return el_set(el, EL_PROMPT, prompt); }
static inline int lr_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int lr_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int lr_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int lr_el_addfn(EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int lr_el_bind(EditLine *el, const char *key, const char *name) { return el_set(el, EL_BIND, key, name, NULL); }
static inline int lr_el_setty_edit(EditLine *el, const char *flag) { return el_set(el, EL_SETTY, "-d", flag, NULL); }
static inline int lr_history_setsize(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int lr_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int lr_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int lr_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
static inline int lr_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }
