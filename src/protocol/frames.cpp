#include "frames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString compact(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

std::optional<QJsonObject> parseObject(const QByteArray &utf8, QString *error)
{
    if (utf8.size() > Wire::MaxFrameBytes) {
        *error = u"frame larger than %1 bytes"_s.arg(Wire::MaxFrameBytes);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = u"frame must be a JSON object"_s;
        return std::nullopt;
    }
    if (const auto key = JsonFields::duplicateKey(utf8)) {
        *error = u"duplicate field '%1'"_s.arg(key->left(64));
        return std::nullopt;
    }
    return doc.object();
}

bool onlyKnownFields(
    const QJsonObject &json, std::initializer_list<QLatin1StringView> known, QString *error)
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
            *error = u"unknown field '%1'"_s.arg(it.key());
            return false;
        }
    }
    return true;
}

std::optional<StreamPosition> positionFromJson(const QJsonValue &value, QString *error)
{
    const QJsonObject obj = value.toObject();
    const QJsonValue seq = obj.value("seq"_L1);
    const double d = seq.toDouble(-1);
    if (!value.isObject() || !obj.value("epoch"_L1).isString()
        || obj.value("epoch"_L1).toString().isEmpty() || !seq.isDouble() || d < 0
        || d != static_cast<double>(static_cast<qint64>(d)) || obj.size() != 2) {
        *error = u"position must be {\"epoch\": string, \"seq\": integer >= 0}"_s;
        return std::nullopt;
    }
    return StreamPosition { obj.value("epoch"_L1).toString(), static_cast<qint64>(d) };
}

QJsonObject positionToJson(const StreamPosition &p)
{
    return QJsonObject { { "epoch"_L1, p.epoch }, { "seq"_L1, p.seq } };
}

std::optional<QStringList> channelsFromJson(const QJsonValue &value, QString *error)
{
    static const QRegularExpression channelPattern(u"^[a-z][a-z0-9_.:-]{0,63}$"_s);
    constexpr int maxChannels = 64;
    if (!value.isArray() || value.toArray().isEmpty() || value.toArray().size() > maxChannels) {
        *error = u"'channels' must be an array of 1 to %1 channel names"_s.arg(maxChannels);
        return std::nullopt;
    }
    QStringList channels;
    for (const QJsonValue &c : value.toArray()) {
        if (!c.isString() || !channelPattern.match(c.toString()).hasMatch()) {
            *error = u"invalid channel name"_s;
            return std::nullopt;
        }
        if (!channels.contains(c.toString()))
            channels.append(c.toString());
    }
    return channels;
}

//! Parses \a utf8 as a frame object and builds the frame from it and its "op" with \a build; on
//! failure nullopt, with the reason in \a error when given.
template<typename Frame>
std::optional<Frame> parseFrame(const QByteArray &utf8, QString *error,
    std::optional<Frame> (*build)(const QJsonObject &json, const QString &op, QString *error))
{
    QString scratch;
    QString *why = error ? error : &scratch;
    const auto json = parseObject(utf8, why);
    return json ? build(*json, json->value("op"_L1).toString(), why) : std::nullopt;
}

std::optional<ClientFrame> clientFrame(const QJsonObject &json, const QString &op, QString *error)
{
    ClientFrame frame;
    if (op == "auth"_L1) {
        if (!onlyKnownFields(json, { "op"_L1, "token"_L1 }, error))
            return std::nullopt;
        const QJsonValue token = json.value("token"_L1);
        if (!token.isString() || token.toString().isEmpty() || token.toString().size() > 512) {
            *error = u"'token' must be a non-empty string"_s;
            return std::nullopt;
        }
        frame.kind = ClientFrame::Kind::Auth;
        frame.token = token.toString();
        return frame;
    }
    if (op == "subscribe"_L1 || op == "unsubscribe"_L1) {
        const bool subscribe = op == "subscribe"_L1;
        using Fields = std::initializer_list<QLatin1StringView>;
        if (!onlyKnownFields(json,
                subscribe ? Fields { "op"_L1, "channels"_L1, "since"_L1 }
                          : Fields { "op"_L1, "channels"_L1 },
                error))
            return std::nullopt;
        auto channels = channelsFromJson(json.value("channels"_L1), error);
        if (!channels)
            return std::nullopt;
        frame.kind = subscribe ? ClientFrame::Kind::Subscribe : ClientFrame::Kind::Unsubscribe;
        frame.channels = std::move(*channels);
        if (json.contains("since"_L1)) {
            frame.since = positionFromJson(json.value("since"_L1), error);
            if (!frame.since)
                return std::nullopt;
        }
        return frame;
    }
    *error = json.contains("op"_L1) ? u"unknown op '%1'"_s.arg(op) : u"missing 'op'"_s;
    return std::nullopt;
}

std::optional<ServerFrame> serverFrame(const QJsonObject &json, const QString &op, QString *error)
{
    ServerFrame frame;
    if (op == "event"_L1) {
        auto event = ChangeEvent::fromJson(json, error);
        if (!event)
            return std::nullopt;
        const QJsonValue region = json.value("region"_L1);
        if (!region.isUndefined() && !region.isString()) {
            *error = u"event 'region' must be a string"_s;
            return std::nullopt;
        }
        frame.kind = ServerFrame::Kind::Event;
        frame.event = std::move(*event);
        frame.region = region.toString();
        return frame;
    }
    if (op == "ready"_L1 || op == "subscribed"_L1 || op == "resync"_L1) {
        auto position = positionFromJson(json.value("position"_L1), error);
        if (!position)
            return std::nullopt;
        frame.position = *position;
        if (op == "ready"_L1) {
            frame.kind = ServerFrame::Kind::Ready;
            frame.user = json.value("user"_L1).toString();
            frame.role = json.value("role"_L1).toString();
        } else if (op == "subscribed"_L1) {
            frame.kind = ServerFrame::Kind::Subscribed;
            frame.replayed = json.value("replayed"_L1).toInteger();
            for (const QJsonValue &c : json.value("channels"_L1).toArray())
                frame.channels.append(c.toString());
        } else {
            frame.kind = ServerFrame::Kind::Resync;
            frame.error = json.value("reason"_L1).toString();
        }
        return frame;
    }
    if (op == "error"_L1) {
        frame.kind = ServerFrame::Kind::Error;
        frame.error = json.value("error"_L1).toString();
        frame.message = json.value("message"_L1).toString();
        return frame;
    }
    *error = u"unknown op '%1'"_s.arg(op);
    return std::nullopt;
}

} // namespace

QString ClientFrame::toJson() const
{
    QJsonObject json;
    switch (kind) {
    case Kind::Auth:
        json = { { "op"_L1, "auth"_L1 }, { "token"_L1, token } };
        break;
    case Kind::Subscribe:
        json = { { "op"_L1, "subscribe"_L1 },
            { "channels"_L1, QJsonArray::fromStringList(channels) } };
        if (since)
            json.insert("since"_L1, positionToJson(*since));
        break;
    case Kind::Unsubscribe:
        json = { { "op"_L1, "unsubscribe"_L1 },
            { "channels"_L1, QJsonArray::fromStringList(channels) } };
        break;
    }
    return compact(json);
}

std::optional<ClientFrame> ClientFrame::parse(QStringView text, QString *error)
{
    if (text.size() > Wire::MaxFrameBytes) {
        if (error)
            *error = u"frame larger than %1 bytes"_s.arg(Wire::MaxFrameBytes);
        return std::nullopt;
    }
    return parse(text.toUtf8(), error);
}

std::optional<ClientFrame> ClientFrame::parse(const QByteArray &utf8, QString *error)
{
    return parseFrame(utf8, error, &clientFrame);
}

QString ServerFrame::toJson() const
{
    return QString::fromUtf8(toUtf8());
}

QByteArray ServerFrame::toUtf8() const
{
    QJsonObject json;
    switch (kind) {
    case Kind::Ready:
        json = { { "op"_L1, "ready"_L1 }, { "user"_L1, user }, { "role"_L1, role },
            { "position"_L1, positionToJson(position) } };
        break;
    case Kind::Subscribed:
        json = { { "op"_L1, "subscribed"_L1 },
            { "channels"_L1, QJsonArray::fromStringList(channels) }, { "replayed"_L1, replayed },
            { "position"_L1, positionToJson(position) } };
        break;
    case Kind::Event:
        json = event.toJson();
        json.insert("op"_L1, "event"_L1);
        if (!region.isEmpty())
            json.insert("region"_L1, region);
        break;
    case Kind::Resync:
        json = { { "op"_L1, "resync"_L1 }, { "reason"_L1, error },
            { "position"_L1, positionToJson(position) } };
        break;
    case Kind::Error:
        json = { { "op"_L1, "error"_L1 }, { "error"_L1, error }, { "message"_L1, message } };
        break;
    }
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<ServerFrame> ServerFrame::parse(QStringView text, QString *error)
{
    return parseFrame(text.toUtf8(), error, &serverFrame);
}

} // namespace Ops
