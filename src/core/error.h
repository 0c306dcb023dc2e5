#pragma once

#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief What kind of failure happened, independent of the transport that reported it.
enum class ErrorKind {
    None,
    Network, //!< connection refused, reset, DNS, TLS
    Timeout,
    Cancelled,
    BadRequest, //!< 400: the request was malformed
    Unauthorized, //!< 401: missing or invalid token
    Forbidden, //!< 403: valid token, not allowed
    NotFound,
    Conflict, //!< 409/412: optimistic concurrency conflict
    PayloadTooLarge,
    RateLimited, //!< 429
    Unavailable, //!< 502/503/504
    Server, //!< other 5xx
    Protocol, //!< the peer sent something that breaks the contract
    Storage, //!< database failure
    IdempotencyConflict, //!< 422: an Idempotency-Key reused with a different request
};

//! \brief A failure as a value: kind plus a human-readable message. Default-constructed means
//! success.
struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString message;

    [[nodiscard]] bool ok() const { return kind == ErrorKind::None; }
    [[nodiscard]] bool isRetryable() const;

    //! The snake_case name used on the wire (`{"error": "<name>"}`).
    [[nodiscard]] static QString kindName(ErrorKind kind);
    //! Maps an HTTP status code to an error kind (2xx/3xx map to None).
    [[nodiscard]] static ErrorKind fromHttpStatus(int status);
    //! The HTTP status a server answers for an error kind.
    [[nodiscard]] static int httpStatus(ErrorKind kind);

    friend bool operator==(const Error &, const Error &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Error)
