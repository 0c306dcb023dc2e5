#include "error.h"

#include <iterator>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Each kind in the order of ErrorKind: its wire name, and the HTTP status a server answers
//! for it (a failure of the server's own making is a 500).
struct KindInfo
{
    QLatin1StringView name;
    int httpStatus;
};
constexpr KindInfo kKinds[] = {
    { "none"_L1, 200 },
    { "network"_L1, 500 },
    { "timeout"_L1, 504 },
    { "cancelled"_L1, 500 },
    { "bad_request"_L1, 400 },
    { "unauthorized"_L1, 401 },
    { "forbidden"_L1, 403 },
    { "not_found"_L1, 404 },
    { "conflict"_L1, 409 },
    { "payload_too_large"_L1, 413 },
    { "rate_limited"_L1, 429 },
    { "unavailable"_L1, 503 },
    { "server_error"_L1, 500 },
    { "protocol"_L1, 400 },
    { "storage"_L1, 500 },
    { "idempotency_conflict"_L1, 422 },
};
static_assert(std::size(kKinds) == size_t(ErrorKind::IdempotencyConflict) + 1);

const KindInfo *infoOf(ErrorKind kind)
{
    const auto i = size_t(kind);
    return i < std::size(kKinds) ? &kKinds[i] : nullptr;
}

} // namespace

bool Error::isRetryable() const
{
    switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::RateLimited:
    case ErrorKind::Unavailable:
    case ErrorKind::Server:
        return true;
    default:
        return false;
    }
}

QString Error::kindName(ErrorKind kind)
{
    const KindInfo *info = infoOf(kind);
    return info ? QString(info->name) : u"unknown"_s;
}

ErrorKind Error::fromHttpStatus(int status)
{
    if (status >= 200 && status < 400)
        return ErrorKind::None;
    switch (status) {
    case 400:
    case 422:
        return ErrorKind::BadRequest;
    case 401:
        return ErrorKind::Unauthorized;
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 408:
        return ErrorKind::Timeout;
    case 409:
    case 412:
        return ErrorKind::Conflict;
    case 413:
        return ErrorKind::PayloadTooLarge;
    case 429:
        return ErrorKind::RateLimited;
    case 502:
    case 503:
    case 504:
        return ErrorKind::Unavailable;
    default:
        return status >= 500 ? ErrorKind::Server : ErrorKind::BadRequest;
    }
}

int Error::httpStatus(ErrorKind kind)
{
    const KindInfo *info = infoOf(kind);
    return info ? info->httpStatus : 500;
}

} // namespace Ops
