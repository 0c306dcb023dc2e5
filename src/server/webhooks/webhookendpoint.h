#pragma once

#include <chrono>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

//! \file The webhooks room: endpoints the server tells what happened, from the durable event
//! log, each at its own pace and in seq order.

namespace Ops {

struct ChangeEvent;

//! \brief One receiver of webhooks, as the config file names it.
struct WebhookEndpoint
{
    QString name; //!< the cursor's key: renaming an endpoint starts it afresh
    QUrl url; //!< http or https
    QStringList events; //!< event types it wants; empty: every type
    QStringList regions; //!< regions it wants; empty: every region (events of no region always)
    QByteArray secret; //!< the HMAC-SHA256 key

    //! True when \a event (concerning \a region) is for this endpoint.
    [[nodiscard]] bool wants(const ChangeEvent &event, const QString &region) const;
    //! The event types the log holds (docs/protocol.md, "Events"), which `events` may name.
    [[nodiscard]] static const QStringList &knownEventTypes();
};

//! \brief How deliveries are timed; tests pass milliseconds.
struct WebhookTimings
{
    std::chrono::milliseconds timeout { 10000 }; //!< per request, until the whole answer
    std::chrono::milliseconds retryInitial { 1000 }; //!< the first retry's delay
    std::chrono::milliseconds retryMax { 300000 }; //!< retries back off up to this
};

//! \brief The signature a receiver checks: headers and how they are computed.
namespace WebhookSignature {

//! `Opsboard-Webhook-Id`: `<epoch>:<seq>` of the event, the same on every retry, so a receiver
//! drops what it has seen.
inline constexpr char IdHeader[] = "Opsboard-Webhook-Id";
//! `Opsboard-Webhook-Timestamp`: seconds since the Unix epoch when this attempt was sent.
inline constexpr char TimestampHeader[] = "Opsboard-Webhook-Timestamp";
//! `Opsboard-Webhook-Signature`: `v1=` and the lowercase hex HMAC-SHA256, keyed with the
//! endpoint's secret, of `<timestamp>.<body>`.
inline constexpr char SignatureHeader[] = "Opsboard-Webhook-Signature";

//! The value of SignatureHeader for \a body sent at \a timestamp.
[[nodiscard]] QByteArray sign(const QByteArray &secret, qint64 timestamp, const QByteArray &body);
//! True when \a signature is what sign() gives (compared in constant time).
[[nodiscard]] bool verify(const QByteArray &secret, qint64 timestamp, const QByteArray &body,
    const QByteArray &signature);

} // namespace WebhookSignature

} // namespace Ops
