#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief A position in the server's event log. The epoch changes when the log is reset, which
//! makes every older position meaningless.
struct StreamPosition
{
    QString epoch;
    qint64 seq = 0;

    [[nodiscard]] bool isValid() const { return !epoch.isEmpty() && seq >= 0; }
    //! `"<epoch>:<seq>"`, the form of the `Opsboard-Position` response header.
    [[nodiscard]] QString toHeaderValue() const;
    [[nodiscard]] static std::optional<StreamPosition> fromHeaderValue(QStringView value);

    friend bool operator==(const StreamPosition &, const StreamPosition &) = default;
};

//! \brief One committed change, as the server's event log recorded it.
//! `fields` carries the changed values only for high-frequency kinds; everything else is a hint
//! that the client refetches.
struct ChangeEvent
{
    qint64 seq = 0;
    QString epoch;
    QString type; //!< e.g. "order.updated"
    QString entity; //!< e.g. "order"
    QString id;
    qint64 version = 0;
    QDateTime ts;
    QJsonObject fields;

    [[nodiscard]] StreamPosition position() const { return { epoch, seq }; }
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<ChangeEvent> fromJson(
        const QJsonObject &json, QString *error);

    friend bool operator==(const ChangeEvent &, const ChangeEvent &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::StreamPosition)
Q_DECLARE_METATYPE(Ops::ChangeEvent)
