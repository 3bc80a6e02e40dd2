/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ui/ draws the model and turns keys into actions; it never talks
 * netlink. This directory comes first on the UI's include path, so a UI
 * file that reaches for netlink stops here. Go through src/'s model and
 * write path instead. */
#error "ui/ must not include netlink headers: ask the core (src/) instead"
