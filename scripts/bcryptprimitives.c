/*
 * bcryptprimitives.dll for Wine 8, which has none: Go programs (1.24 and
 * later) load it from system32 at start-up for ProcessPrng, their source of
 * randomness, and die without it. This one exports ProcessPrng alone, on top
 * of advapi32's SystemFunction036 (RtlGenRandom), which Wine 8 has.
 * scripts/wine.sh builds it with mingw into the Wine prefix.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance;
	(void)reason;
	(void)reserved;
	return TRUE;
}

/* ProcessPrng fills data with len random bytes, as Windows 10's does. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
