#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Ops {

class Database;

//! \brief How far one webhook endpoint has received the event log.
struct WebhookCursor
{
    QString endpoint;
    QString epoch; //!< the log epoch `seq` belongs to
    qint64 seq = 0; //!< every event up to here was delivered (or is not for this endpoint)
    qint64 delivered = 0; //!< deliveries that succeeded, ever
    QDateTime lastSuccessAt; //!< invalid: never
};

//! \brief The `webhook_cursors` table: one durable cursor per endpoint, so a restart (or a
//! crash) resumes delivery after the last event the endpoint acknowledged.
class WebhookCursors
{
public:
    explicit WebhookCursors(const Database &database);
    WebhookCursors(const WebhookCursors &) = delete;
    WebhookCursors &operator=(const WebhookCursors &) = delete;

    [[nodiscard]] std::optional<WebhookCursor> get(const QString &endpoint) const;
    //! Inserts or replaces the cursor of `cursor.endpoint`; false on a storage failure.
    [[nodiscard]] bool save(const WebhookCursor &cursor);
    //! Events after \a seq of one of \a types (empty: any) in one of \a regions (empty: any;
    //! events of every region count too): what an endpoint still has to receive; -1 on failure.
    [[nodiscard]] qint64 pendingAfter(
        qint64 seq, const QStringList &types, const QStringList &regions) const;

private:
    const Database &m_database;
};

} // namespace Ops
