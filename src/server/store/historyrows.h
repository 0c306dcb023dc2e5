#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include "core/logging.h"
#include "sqlsupport.h"

//! \file The audit rows of one row (`order_history`, `driver_history`), read the same way for
//! every entity that keeps them.

namespace Ops::Sql {

//! Runs \a sql (one `?`, bound to \a id; columns seq, actor, field, from_value, to_value, ts and,
//! when \a Entry has a `reason`, reason) and reads its rows as \a Entry, an aggregate that starts
//! with seq, the row's id, actor, field, from, to and ts. A row without a field or a valid time
//! is skipped and logged; \a what names the read in the log.
template<typename Entry>
[[nodiscard]] QList<Entry> readHistory(
    const QSqlDatabase &db, const QString &sql, const QString &id, QLatin1StringView what)
{
    QList<Entry> entries;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(id);
    if (!run(q, what))
        return entries;
    while (q.next()) {
        Entry e { q.value(0).toLongLong(), id, q.value(1).toString(), q.value(2).toString(),
            q.value(3).toString(), q.value(4).toString(), fromIsoTime(q.value(5)) };
        if constexpr (requires { e.reason; })
            e.reason = q.value(6).toString();
        if (e.field.isEmpty() || !e.ts.isValid()) {
            qCWarning(lcServerDb) << "skipping invalid" << what << "row of" << id;
            continue;
        }
        entries.append(std::move(e));
    }
    return entries;
}

} // namespace Ops::Sql
