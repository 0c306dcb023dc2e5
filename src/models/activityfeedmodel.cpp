#include "activityfeedmodel.h"

#include <QDateTime>
#include <QLocale>

#include "alertstablemodel.h"
#include "keys/querykeys.h"
#include "orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

ActivityFeedModel::ActivityFeedModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
{
    setKey(QueryKeys::recentEvents()); // here, where the overrides that read the rows are in place
}

ActivityFeedModel::~ActivityFeedModel() = default;

int ActivityFeedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1;
}

QString ActivityFeedModel::rowIdOf(const QJsonObject &row) const
{
    return QString::number(row.value("seq"_L1).toInteger());
}

QString ActivityFeedModel::describe(const QJsonObject &e)
{
    const QString type = e.value("type"_L1).toString();
    const QString id = e.value("id"_L1).toString();
    const QString actor = e.value("actor"_L1).toString();
    const QString field = e.value("field"_L1).toString();
    const QString to = e.value("to"_L1).toString();
    if (type == "order.created"_L1)
        return actor.isEmpty() ? tr("%1 created").arg(id) : tr("%1 created by %2").arg(id, actor);
    if (type == "order.updated"_L1) {
        if (field == "status"_L1 && !actor.isEmpty())
            return tr("%1 → %2 by %3").arg(id, OrdersTableModel::statusLabel(to), actor);
        return tr("%1 updated").arg(id);
    }
    if (type == "payment.created"_L1) {
        const QString order = e.value("orderId"_L1).toString();
        return order.isEmpty() ? tr("Payment %1 recorded").arg(id)
                               : tr("Payment %1 recorded for %2").arg(id, order);
    }
    if (type == "alert.raised"_L1) {
        const QString message = e.value("message"_L1).toString();
        return message.isEmpty() ? tr("Alert %1 raised").arg(id)
                                 : tr("Alert %1 raised: %2").arg(id, message);
    }
    if (type == "alert.updated"_L1) {
        const QString status = AlertsTableModel::statusLabel(e.value("status"_L1).toString());
        if (!status.isEmpty() && !actor.isEmpty())
            return tr("Alert %1 %2 by %3").arg(id, status, actor);
        return status.isEmpty() ? tr("Alert %1 updated").arg(id)
                                : tr("Alert %1 %2").arg(id, status);
    }
    if (type == "driver.updated"_L1)
        return tr("Driver %1 updated").arg(id);
    return tr("%1 %2").arg(type, id);
}

QList<int> ActivityFeedModel::changedRoles() const
{
    auto roles = JsonRowsModel::changedRoles();
    roles << EntityRole << SubjectRole << OrderIdRole;
    return roles;
}

QVariant ActivityFeedModel::cell(const QJsonObject &row, int column, int role) const
{
    if (column != 0)
        return {};
    switch (role) {
    case EntityRole:
        return row.value("entity"_L1).toString();
    case SubjectRole:
        return row.value("id"_L1).toString();
    case OrderIdRole: {
        if (row.value("entity"_L1).toString() == "order"_L1)
            return row.value("id"_L1).toString();
        return row.value("orderId"_L1).toString();
    }
    case SortRole:
        return row.value("seq"_L1).toInteger();
    case Qt::ToolTipRole:
        return tr("event %1 · %2")
            .arg(row.value("seq"_L1).toInteger())
            .arg(row.value("type"_L1).toString());
    case Qt::DisplayRole: {
        const QDateTime ts =
            QDateTime::fromString(row.value("ts"_L1).toString(), Qt::ISODateWithMs);
        return tr("%1, %2").arg(
            describe(row), QLocale().toString(ts.toLocalTime().time(), u"HH:mm:ss"_s));
    }
    default:
        return {};
    }
}

} // namespace Ops
