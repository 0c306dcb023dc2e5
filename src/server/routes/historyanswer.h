#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QString>

#include "routes.h"
#include "server/http/routesupport.h"
#include "visiblerow.h"

//! \file The answer to `GET /api/<resource>/<id>/history`, shared by the routes of every entity
//! whose repository keeps audit rows (orders, drivers).

namespace Ops {

//! The audit rows of row \a id of \a rows (a repository with `history(id)`) as a JSON array,
//! when the caller of \a request may see the row (visibleRow()). Tagged with the row's ETag: a
//! change that adds an audit row also bumps the row's version.
template<typename Repository>
[[nodiscard]] QHttpServerResponse historyAnswer(const RouteServices &s,
    const QHttpServerRequest &request, const Repository &rows, const QString &id)
{
    const VisibleRow<RowOf<Repository>> found = visibleRow(s, request, rows, id);
    if (!found.row)
        return errorResponse(found.error);
    return cachedJson(
        request, jsonArray(rows.history(id)), versionEtag(found.row->version), found.position);
}

} // namespace Ops
