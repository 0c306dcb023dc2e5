#include "eventmap.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

int lineOf(const QByteArray &json, qsizetype offset)
{
    return int(json.left(offset).count('\n')) + 1;
}

//! Best effort: the line where \a needle first appears, so errors point at the entry.
int lineOfText(const QByteArray &json, const QString &needle)
{
    const qsizetype at = json.indexOf('"' + needle.toUtf8() + '"');
    return at < 0 ? 0 : lineOf(json, at);
}

QJsonValue substitute(const QJsonValue &part, const ChangeEvent &event)
{
    if (!part.isString())
        return part;
    const QString text = part.toString();
    if (text == "{id}"_L1)
        return event.id;
    if (text == "{entity}"_L1)
        return event.entity;
    if (text == "{type}"_L1)
        return event.type;
    return part;
}

} // namespace

std::optional<EventMap> EventMap::parse(
    const QByteArray &json, const QString &source, QString *error)
{
    const auto fail = [&](int line, const QString &what) {
        *error = line > 0 ? u"%1:%2: %3"_s.arg(source).arg(line).arg(what)
                          : u"%1: %2"_s.arg(source, what);
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(lineOf(json, parseError.offset), parseError.errorString());
    const QJsonObject root = doc.object();
    if (!doc.isObject())
        return fail(1, u"the top level must be an object"_s);
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != "version"_L1 && it.key() != "events"_L1)
            return fail(lineOfText(json, it.key()), u"unknown field '%1'"_s.arg(it.key()));
    }
    if (root.value("version"_L1).toInt() != 1)
        return fail(lineOfText(json, u"version"_s), u"'version' must be 1"_s);
    if (!root.value("events"_L1).isObject())
        return fail(1, u"'events' must be an object"_s);

    EventMap map;
    const QJsonObject events = root.value("events"_L1).toObject();
    for (auto it = events.begin(); it != events.end(); ++it) {
        const int line = lineOfText(json, it.key());
        const QJsonObject entry = it.value().toObject();
        if (!it.value().isObject())
            return fail(line, u"event '%1' must be an object"_s.arg(it.key()));
        for (auto f = entry.begin(); f != entry.end(); ++f) {
            if (f.key() != "invalidate"_L1 && f.key() != "patch"_L1)
                return fail(line, u"event '%1': unknown field '%2'"_s.arg(it.key(), f.key()));
        }
        if (!entry.value("invalidate"_L1).isArray() && !entry.value("patch"_L1).isArray())
            return fail(
                line, u"event '%1': needs an 'invalidate' or 'patch' array"_s.arg(it.key()));
        for (const auto field : { "invalidate"_L1, "patch"_L1 }) {
            const QJsonValue list = entry.value(field);
            if (list.isUndefined())
                continue;
            if (!list.isArray())
                return fail(line, u"event '%1': '%2' must be an array"_s.arg(it.key(), field));
            QList<Target> targets;
            for (const QJsonValue &t : list.toArray()) {
                Target target;
                if (t.isArray()) {
                    target.keyTemplate = t.toArray();
                } else if (t.isObject()) {
                    const QJsonObject o = t.toObject();
                    for (auto f = o.begin(); f != o.end(); ++f) {
                        if (f.key() != "key"_L1 && f.key() != "exact"_L1)
                            return fail(line,
                                u"event '%1': unknown field '%2' in a target"_s.arg(
                                    it.key(), f.key()));
                    }
                    if (!o.value("key"_L1).isArray()
                        || (o.contains("exact"_L1) && !o.value("exact"_L1).isBool()))
                        return fail(line,
                            u"event '%1': a target needs an array 'key' and a boolean 'exact'"_s
                                .arg(it.key()));
                    target.keyTemplate = o.value("key"_L1).toArray();
                    target.exact = o.value("exact"_L1).toBool();
                } else {
                    return fail(line,
                        u"event '%1': a target must be a key array or an object"_s.arg(it.key()));
                }
                if (target.keyTemplate.isEmpty())
                    return fail(
                        line, u"event '%1': an empty key would match everything"_s.arg(it.key()));
                targets.append(target);
            }
            (field == "patch"_L1 ? map.m_patchTargets : map.m_targets).insert(it.key(), targets);
        }
    }
    return map;
}

std::optional<EventMap> EventMap::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), path, error);
}

QStringList EventMap::eventTypes() const
{
    QStringList types = m_targets.keys();
    for (const QString &t : m_patchTargets.keys()) {
        if (!types.contains(t))
            types.append(t);
    }
    types.sort();
    return types;
}

EventMap EventMap::builtIn()
{
    QString error;
    auto map = load(u":/opsboard/eventmap.json"_s, &error);
    if (!map) {
        qCCritical(lcSync) << "built-in event map is broken:" << error;
        return {};
    }
    return *map;
}

QList<EventMap::Resolved> EventMap::targetsFor(const ChangeEvent &event) const
{
    return resolve(m_targets.value(event.type), event);
}

QList<EventMap::Resolved> EventMap::patchTargetsFor(const ChangeEvent &event) const
{
    return resolve(m_patchTargets.value(event.type), event);
}

QList<EventMap::Resolved> EventMap::resolve(const QList<Target> &targets, const ChangeEvent &event)
{
    QList<Resolved> out;
    for (const Target &target : targets) {
        QJsonArray parts;
        for (const QJsonValue &part : target.keyTemplate)
            parts.append(substitute(part, event));
        out.append({ QueryKey(parts), target.exact });
    }
    return out;
}

} // namespace Ops
