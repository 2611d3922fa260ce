// Exposes libcurl's easy API to Swift; the Outbound (webhooks) and FileStore (S3) modules import it. curl_easy_setopt is
// variadic, which Swift cannot call, so each argument type gets a typed wrapper.
#ifndef LOUPE_CCURL_SHIM_H
#define LOUPE_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode loupe_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode loupe_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode loupe_curl_set_list(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode loupe_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode loupe_curl_set_size(CURL *curl, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode loupe_curl_response_code(CURL *curl, long *code) {
    return curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
}
#endif
