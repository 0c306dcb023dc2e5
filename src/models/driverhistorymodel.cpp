#include "driverhistorymodel.h"

#include <QDateTime>
#include <QLocale>

#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriverHistoryModel::DriverHistoryModel(QueryClient *client, QObject *parent)
    : HistoryModel(client, TimeStyle::DateAndTime, parent)
{ }

DriverHistoryModel::~DriverHistoryModel() = default;

void DriverHistoryModel::setDriverId(const QString &driverId)
{
    if (driverId == m_driverId)
        return;
    m_driverId = driverId;
    setKey(driverId.isEmpty() ? QueryKey() : QueryKeys::driverHistory(driverId));
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

} // namespace Ops
