#pragma once

#include <optional>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/error.h"
#include "protocol/changeevent.h"
#include "protocol/order.h"
#include "versionedwrite.h"

namespace Ops {

//! \brief One import as recorded in the `imports` table.
struct ImportRecord
{
    QString id; //!< "IMP-nnnnn"
    QString actor;
    QDateTime createdAt;
    int rowsRead = 0;
    int created = 0;
    int existing = 0; //!< rows skipped because their externalRef was already an order
    QString firstOrderId; //!< the new orders have the ids firstOrderId … lastOrderId
    QString lastOrderId;
    qint64 version = 1;
};

//! \brief What an import did (or, for a dry run, would do).
struct ImportWrite
{
    Error error;
    QHash<QString, QString> existing; //!< externalRef → id of the order that already has it
    QList<Order> created; //!< with their ids (empty for a dry run)
    std::optional<ImportRecord> record; //!< none when nothing was written
    std::optional<ChangeEvent> event;

    [[nodiscard]] bool ok() const { return error.ok(); }
};

//! \brief The `imports` table and the one write of an import: every new order, its `created`
//! history row and one `import.created` event, in one write transaction.
class ImportRepository
{
public:
    explicit ImportRepository(StoreContext &context);
    ImportRepository(const ImportRepository &) = delete;
    ImportRepository &operator=(const ImportRepository &) = delete;

    //! Writes \a drafts (each with an externalRef, validated by the caller) in one write
    //! transaction: the drafts whose externalRef already belongs to an order are left out (and
    //! reported in `existing`), the others get the next free ids and version 1, and one
    //! `import.created` event (entity `import`, every region) announces them all. Nothing is
    //! written when nothing is new. With \a dryRun only the lookup of existing refs runs.
    [[nodiscard]] ImportWrite importOrders(
        const QList<Order> &drafts, int rowsRead, const QString &actor, bool dryRun);
    [[nodiscard]] std::optional<ImportRecord> get(const QString &id) const;

private:
    StoreContext &m_context;
};

} // namespace Ops
