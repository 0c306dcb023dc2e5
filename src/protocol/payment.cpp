#include "payment.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {

QJsonObject Payment::toJson() const
{
    return QJsonObject {
        { "id"_L1, id },
        { "orderId"_L1, orderId },
        { "region"_L1, region },
        { "amountCents"_L1, amountCents },
        { "method"_L1, method },
        { "status"_L1, status },
        { "createdAt"_L1, JsonFields::isoTime(createdAt) },
        { "version"_L1, version },
    };
}

std::optional<Payment> Payment::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Payment p;
    if (!readString(json, "id"_L1, &p.id, error)
        || !readString(json, "orderId"_L1, &p.orderId, error)
        || !readString(json, "region"_L1, &p.region, error)
        || !readInteger(json, "amountCents"_L1, &p.amountCents, error)
        || !readEnum(json, "method"_L1, { "card"_L1, "cash"_L1, "invoice"_L1 }, &p.method, error)
        || !readEnum(json, "status"_L1, { "captured"_L1, "pending"_L1, "refunded"_L1, "failed"_L1 },
            &p.status, error)
        || !readTime(json, "createdAt"_L1, &p.createdAt, error)
        || !readInteger(json, "version"_L1, &p.version, error))
        return std::nullopt;
    return p;
}

} // namespace Ops
