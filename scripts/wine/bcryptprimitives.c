/*
 * FOR TESTING UNDER WINE ONLY; never shipped (scripts/test-windows.sh builds it next
 * to a copy of evcheck.exe in a scratch folder).
 *
 * Rust's standard library gets random bytes (HashMap seeds) from ProcessPrng in
 * bcryptprimitives.dll, present on Windows 10 and later. Wine 8.0 has no such DLL, so
 * evcheck.exe does not load there. This stand-in exports ProcessPrng and takes the
 * bytes from RtlGenRandom (advapi32's SystemFunction036), which Wine does provide.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
