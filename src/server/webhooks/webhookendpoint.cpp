#include "webhookendpoint.h"

#include <QMessageAuthenticationCode>

#include "protocol/changeevent.h"

namespace Ops {

bool WebhookEndpoint::wants(const ChangeEvent &event, const QString &region) const
{
    if (!events.isEmpty() && !events.contains(event.type))
        return false;
    return regions.isEmpty() || region.isEmpty() || regions.contains(region);
}

const QStringList &WebhookEndpoint::knownEventTypes()
{
    static const QStringList types { QStringLiteral("order.created"),
        QStringLiteral("order.updated"), QStringLiteral("import.created"),
        QStringLiteral("driver.created"), QStringLiteral("driver.updated"),
        QStringLiteral("payment.created"), QStringLiteral("alert.raised"),
        QStringLiteral("alert.updated"), QStringLiteral("alertrule.updated") };
    return types;
}

namespace WebhookSignature {

QByteArray sign(const QByteArray &secret, qint64 timestamp, const QByteArray &body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret);
    mac.addData(QByteArray::number(timestamp));
    mac.addData(".");
    mac.addData(body);
    return "v1=" + mac.result().toHex();
}

bool verify(
    const QByteArray &secret, qint64 timestamp, const QByteArray &body, const QByteArray &signature)
{
    const QByteArray expected = sign(secret, timestamp, body);
    if (expected.size() != signature.size())
        return false;
    char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff = char(diff | (expected.at(i) ^ signature.at(i)));
    return diff == 0;
}

} // namespace WebhookSignature

} // namespace Ops
