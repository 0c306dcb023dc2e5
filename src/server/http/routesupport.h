#pragma once

#include <optional>
#include <type_traits>

#include <QByteArray>
#include <QHash>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>

#include "core/error.h"
#include "protocol/changeevent.h"
#include "server/domain/auth.h"
#include "server/domain/validation.h"

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
QT_END_NAMESPACE

//! \file Helpers every REST route shares: bearer auth, strict query parameters, the
//! Opsboard-Position header, ETag revalidation and If-Match.

namespace Ops {

//! \brief The one mapping from an error to an HTTP response:
//! `{"error": Error::kindName(kind), "message": …}` plus \a extra fields, status
//! Error::httpStatus(kind).
[[nodiscard]] QHttpServerResponse errorResponse(const Error &error, const QJsonObject &extra = {});

//! \brief Either the authenticated user or the error that refuses the request.
struct AuthResult
{
    std::optional<User> user;
    Error error;
};

//! \brief Who a route is for.
enum class Audience {
    Staff, //!< viewers, dispatchers, managers: every route but a driver's own API
    Driver, //!< one driver's own API (`/api/me/…`)
};

//! Checks `Authorization: Bearer <token>`, and that the user is of \a audience: a driver's
//! token is Forbidden on every staff route (whatever the route checks later), a staff token on
//! a driver's own API.
[[nodiscard]] AuthResult authenticateRequest(
    const Auth &auth, const QHttpServerRequest &request, Audience audience = Audience::Staff);
//! authenticateRequest for a staff route that writes: a viewer is Forbidden with \a refusal
//! ("viewers may not …").
[[nodiscard]] AuthResult authenticateWriter(
    const Auth &auth, const QHttpServerRequest &request, const QString &refusal);

//! \brief The query parameters of a request, checked against the names a route accepts.
struct QueryParams
{
    QHash<QString, QString> values;
    Error error;

    [[nodiscard]] bool has(const QString &name) const { return values.contains(name); }
    [[nodiscard]] QString value(const QString &name) const { return values.value(name); }
    //! A comma-separated list; empty when absent.
    [[nodiscard]] QStringList list(const QString &name) const;
};

//! Parses the query of \a request; an unknown or repeated name is a BadRequest.
[[nodiscard]] QueryParams queryParams(
    const QHttpServerRequest &request, std::initializer_list<QLatin1StringView> allowed);

//! `If-Match: "<version>"`, `If-Match: <version>` or `*`; nullopt in \a out means no check.
[[nodiscard]] Error parseIfMatch(const QHttpServerRequest &request, std::optional<qint64> *out);

//! The answer to a refused write: errorResponse(), plus, on a Conflict, the current row as
//! `current` with its ETag, so the client can show both versions.
[[nodiscard]] QHttpServerResponse refusedWrite(
    const Error &error, const std::optional<QJsonObject> &current, qint64 currentVersion);
template<typename Row>
[[nodiscard]] QHttpServerResponse refusedWrite(
    const Error &error, const std::optional<Row> &current)
{
    return current ? refusedWrite(error, current->toJson(), current->version)
                   : refusedWrite(error, std::nullopt, 0);
}
//! A row as written or read: its JSON with its ETag and the position it reflects.
[[nodiscard]] QHttpServerResponse rowResponse(
    const QJsonObject &row, qint64 version, const StreamPosition &position);

//! Adds `Opsboard-Position: <epoch>:<seq>`.
void setPositionHeader(QHttpServerResponse &response, const StreamPosition &position);

//! The strong ETag of a row: `"<version>"`.
[[nodiscard]] QByteArray versionEtag(qint64 version);
//! What a list read's answer depends on besides the log: the caller's role and regions, the
//! path and the query as sent. The list ETag names it (hashed); identical reads share an answer
//! under it (AnswerCache).
[[nodiscard]] QByteArray listScope(const User &user, const QHttpServerRequest &request);
//! The ETag of a list read: changes with every event (epoch and seq) and differs per caller
//! scope and query, so a cached list is revalidated in one request.
[[nodiscard]] QByteArray listEtag(
    const StreamPosition &position, const User &user, const QHttpServerRequest &request);
//! True when `If-None-Match` lists \a etag (or is `*`).
[[nodiscard]] bool etagMatches(const QHttpServerRequest &request, const QByteArray &etag);
//! `304 Not Modified` with the ETag and the position.
[[nodiscard]] QHttpServerResponse notModified(
    const QByteArray &etag, const StreamPosition &position);
//! \a rows (each with toJson(), or JSON objects already) as a JSON array.
template<typename Rows> [[nodiscard]] QJsonArray jsonArray(const Rows &rows)
{
    QJsonArray array;
    for (const auto &row : rows) {
        if constexpr (std::is_same_v<std::decay_t<decltype(row)>, QJsonObject>)
            array.append(row);
        else
            array.append(row.toJson());
    }
    return array;
}

//! A JSON answer with ETag and position, or 304 when the client's copy is current.
[[nodiscard]] QHttpServerResponse cachedJson(const QHttpServerRequest &request,
    const QJsonValue &body, const QByteArray &etag, const StreamPosition &position);
//! A list read: \a rows as a JSON array under the list ETag of \a user's view at \a position.
template<typename Rows>
[[nodiscard]] QHttpServerResponse cachedList(const QHttpServerRequest &request, const User &user,
    const Rows &rows, const StreamPosition &position)
{
    return cachedJson(request, jsonArray(rows), listEtag(position, user, request), position);
}

} // namespace Ops
