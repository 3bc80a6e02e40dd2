/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The core (src/) collects, models, analyses and writes; it never draws.
 * This directory comes first on the core's include path, so a core file
 * that reaches for curses stops here. Draw in ui/ instead. */
#error "src/ must not include curses: the screen belongs in ui/"
