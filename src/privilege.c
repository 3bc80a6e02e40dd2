#include "privilege.h"

#include <fcntl.h>
#include <unistd.h>

#include "sysctl.h"

bool sysctls_writable(void)
{
	/* AT_EACCESS asks with the effective credentials, through the same
	 * permission hook a write would meet: no guessing from uid or caps. */
	return faccessat(AT_FDCWD, CT_SYSCTL_DIR "/nf_conntrack_tcp_timeout_established",
			 W_OK, AT_EACCESS) == 0;
}
