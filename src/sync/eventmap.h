#pragma once

#include <optional>

#include <QHash>
#include <QList>
#include <QString>

#include "protocol/changeevent.h"
#include "query/querykey.h"

namespace Ops {

//! \brief Which cached queries an event type touches, read from data (resources/eventmap.json).
//!
//! Each target is a key template: `["orders", "{id}"]` (prefix match) or
//! `{"key": ["orders"], "exact": true}`. Placeholders `{id}`, `{entity}` and `{type}` take the
//! event's values. Adding an event kind is one line of JSON.
//!
//! `invalidate` targets are refetched. `patch` targets are for high-frequency kinds whose events
//! carry the changed fields (driver positions): the fields are written into the cached rows
//! with the event's id instead of refetching.
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
    static std::optional<EventMap> parse(
        const QByteArray &json, const QString &source, QString *error);
    //! Loads \a path (a file or a ":/" resource).
    static std::optional<EventMap> load(const QString &path, QString *error);
    //! The map shipped with the app.
    static EventMap builtIn();

    [[nodiscard]] bool contains(const QString &type) const
    {
        return m_targets.contains(type) || m_patchTargets.contains(type);
    }
    //! The queries to invalidate for \a event.
    [[nodiscard]] QList<Resolved> targetsFor(const ChangeEvent &event) const;
    //! The queries whose rows take \a event's fields directly.
    [[nodiscard]] QList<Resolved> patchTargetsFor(const ChangeEvent &event) const;
    [[nodiscard]] QStringList eventTypes() const;

private:
    static QList<Resolved> resolve(const QList<Target> &targets, const ChangeEvent &event);

    QHash<QString, QList<Target>> m_targets;
    QHash<QString, QList<Target>> m_patchTargets;
};

} // namespace Ops
