#include "driverhistorymodel.h"

#include <QDateTime>
#include <QLocale>

#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverHistoryModel::DriverHistoryModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
{ }

DriverHistoryModel::~DriverHistoryModel() = default;

void DriverHistoryModel::setDriverId(const QString &driverId)
{
    if (driverId == m_driverId)
        return;
    m_driverId = driverId;
    setKey(driverId.isEmpty() ? QueryKey() : QueryKeys::driverHistory(driverId));
}

int DriverHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriverHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}

QString DriverHistoryModel::rowIdOf(const QJsonObject &row) const
{
    return QString::number(row.value("seq"_L1).toInteger());
}

QString DriverHistoryModel::changeText(const QJsonObject &row)
{
    const QString field = row.value("field"_L1).toString();
    const QString from = row.value("from"_L1).toString();
    const QString to = row.value("to"_L1).toString();
    const auto orDash = [](const QString &text) { return text.isEmpty() ? tr("–") : text; };
    if (field == "created"_L1)
        return tr("Added");
    if (field == "active"_L1)
        return to == "false"_L1 ? tr("Deactivated") : tr("Reactivated");
    if (field == "device_added"_L1)
        return tr("Phone registered: %1").arg(to);
    if (field == "device_removed"_L1)
        return tr("Phone revoked: %1").arg(from);
    QString name = field;
    if (field == "name"_L1)
        name = tr("Name");
    else if (field == "phone"_L1)
        name = tr("Phone");
    else if (field == "vehicle"_L1)
        name = tr("Vehicle");
    else if (field == "region"_L1)
        name = tr("Region");
    return tr("%1: %2 → %3").arg(name, orDash(from), orDash(to));
}

QVariant DriverHistoryModel::cell(const QJsonObject &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const QDateTime ts = QDateTime::fromString(row.value("ts"_L1).toString(), Qt::ISODateWithMs);
    if (role == Qt::ToolTipRole)
        return QLocale().toString(ts.toLocalTime(), QLocale::LongFormat);
    switch (column) {
    case TimeColumn:
        return role == SortRole
            ? QVariant(row.value("seq"_L1).toInteger())
            : QVariant(QLocale().toString(ts.toLocalTime(), QLocale::ShortFormat));
    case ActorColumn:
        return row.value("actor"_L1).toString();
    case ChangeColumn:
        return changeText(row);
    default:
        return {};
    }
}

} // namespace Ops
