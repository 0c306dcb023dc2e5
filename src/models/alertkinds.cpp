#include "alertkinds.h"

using namespace Qt::StringLiterals;

namespace Ops {

QString AlertKinds::label(const QString &kind)
{
    if (kind == "overdue_order"_L1)
        return tr("Overdue");
    if (kind == "late_order"_L1)
        return tr("Not picked up");
    if (kind == "predicted_late"_L1)
        return tr("Predicted late");
    if (kind == "unassigned_order"_L1)
        return tr("No driver");
    if (kind == "failed_delivery"_L1)
        return tr("Delivery failed");
    if (kind == "unresponsive_driver"_L1)
        return tr("Driver silent");
    return kind;
}

QColor AlertKinds::color(const QString &kind)
{
    if (kind == "overdue_order"_L1 || kind == "failed_delivery"_L1)
        return QColor(0xd3, 0x2f, 0x2f); // it happened: red
    if (kind == "predicted_late"_L1 || kind == "late_order"_L1 || kind == "unassigned_order"_L1)
        return QColor(0xd9, 0x8a, 0x0b); // it is about to: amber, as the at-risk countdown
    if (kind == "unresponsive_driver"_L1)
        return QColor(0x6b, 0x6b, 0x6b);
    return {};
}

} // namespace Ops
