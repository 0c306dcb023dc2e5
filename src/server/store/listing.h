#pragma once

#include <QSqlQuery>

#include "eventlog.h"
#include "sqlsupport.h"
#include "storelisting.h"

namespace Ops {

//! Reads the rows of one listing and the event-log head in the same read transaction, so the
//! position says exactly which changes the rows include. A row that fails validation is skipped.
template<typename T>
StoreListing<T> listWithPosition(const QSqlDatabase &db, QLatin1StringView table,
    QLatin1StringView columns, const Sql::Where &where, QLatin1StringView what,
    std::optional<T> (*fromRow)(const QSqlQuery &), const QString &orderBy = QStringLiteral("id"))
{
    StoreListing<T> result;
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM %2%3 ORDER BY %4")
                  .arg(columns, table, where.sql(), orderBy));
    where.bind(q);
    if (!tx.isActive() || !Sql::run(q, what)) {
        result.error = Sql::storageError(db, QStringLiteral("cannot list %1").arg(table));
        return result;
    }
    while (q.next()) {
        if (auto row = fromRow(q))
            result.items.append(std::move(*row));
    }
    q.finish();
    const auto head = EventLog::readHead(db);
    if (!head || !tx.commit()) {
        result.items.clear();
        result.error = Sql::storageError(db, QStringLiteral("cannot read the event-log head"));
        return result;
    }
    result.position = *head;
    return result;
}

} // namespace Ops
