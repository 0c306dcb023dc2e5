#pragma once

#include <optional>
#include <utility>

#include <QHttpServerRequest>
#include <QString>

#include "routes.h"
#include "server/http/routesupport.h"
#include "server/store/store.h"

//! \file One row of a staff route as its caller may see it: the row exists and lies in the
//! caller's regions. Shared by the routes of every entity with a region (orders, drivers,
//! alerts).

namespace Ops {

//! Why \a user may not reach the \a entity (`order`, `driver`, …) \a id, whose region is
//! \a region (null: there is no such row): NotFound (Unavailable when the database is down,
//! Store::notFoundError()) or Forbidden outside the user's regions; ok when they may.
[[nodiscard]] Error rowAccessError(const Store &store, const User &user, QLatin1StringView entity,
    const QString &id, const QString *region);

//! rowAccessError() for \a row, row \a id as read (nullopt: there is none).
template<typename Row>
[[nodiscard]] Error rowAccessError(
    const Store &store, const User &user, const QString &id, const std::optional<Row> &row)
{
    return rowAccessError(store, user, RowTraits<Row>::entity, id, row ? &row->region : nullptr);
}

//! \brief A row as the caller may see it, or why not.
template<typename Row> struct VisibleRow
{
    std::optional<User> user;
    std::optional<Row> row; //!< empty unless the caller may see it
    StreamPosition position; //!< read before the row: it never claims more than the row shows
    Error error;
};

//! The row type of a repository: what its `get(id)` returns.
template<typename Repository>
using RowOf = typename decltype(std::declval<const Repository &>().get(QString()))::value_type;

//! Row \a id of \a rows (a repository) for \a user, read after the log's head; kept when
//! \a user may see it (rowAccessError()).
template<typename Repository>
[[nodiscard]] VisibleRow<RowOf<Repository>> visibleRow(
    const Store &store, const User &user, const Repository &rows, const QString &id)
{
    VisibleRow<RowOf<Repository>> found;
    found.user = user;
    found.position = store.log().head();
    found.row = rows.get(id);
    found.error = rowAccessError(store, user, id, found.row);
    if (!found.error.ok())
        found.row.reset();
    return found;
}

//! visibleRow() for the caller of \a request, a staff route.
template<typename Repository>
[[nodiscard]] VisibleRow<RowOf<Repository>> visibleRow(const RouteServices &s,
    const QHttpServerRequest &request, const Repository &rows, const QString &id)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return { std::nullopt, std::nullopt, {}, caller.error };
    return visibleRow(s.store, *caller.user, rows, id);
}

} // namespace Ops
