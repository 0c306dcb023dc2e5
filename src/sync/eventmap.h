#pragma once

#include "protocol/changeevent.h"
#include "query/querykey.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace Ops {

//! \brief Which cached queries an event type touches, read from data (resources/eventmap.json).
//!
//! Each target is a key template: `["orders", "{id}"]` (prefix match) or
//! `{"key": ["orders"], "exact": true}`. Placeholders `{id}`, `{entity}` and `{type}` take the
//! event's values. Adding an event kind is one line of JSON.
class EventMap
{
public:
    struct Target
    {
        QJsonArray keyTemplate;
        bool exact = false;
    };
    struct Resolved
    {
        QueryKey key;
        bool exact = false;
    };

    //! Parses \a json; on failure returns nullopt and names \a source, the line and the problem.
    static std::optional<EventMap> parse(const QByteArray &json, const QString &source,
        QString *error);
    //! Loads \a path (a file or a ":/" resource).
    static std::optional<EventMap> load(const QString &path, QString *error);
    //! The map shipped with the app.
    static EventMap builtIn();

    [[nodiscard]] bool contains(const QString &type) const { return m_targets.contains(type); }
    [[nodiscard]] QList<Resolved> targetsFor(const ChangeEvent &event) const;
    [[nodiscard]] QStringList eventTypes() const { return m_targets.keys(); }

private:
    QHash<QString, QList<Target>> m_targets;
};

} // namespace Ops
