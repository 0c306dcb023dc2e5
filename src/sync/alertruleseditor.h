#pragma once

#include <memory>

#include <QObject>
#include <QPointer>
#include <QStringList>

#include "protocol/alertrule.h"

namespace Ops {

class ApiClient;
class QueryClient;
class QueryObserver;

//! \brief What a manager's rules dialog reads and writes: the alert rules in force per region
//! (`GET /api/alert-rules`, QueryKeys::alertRules(), kept fetched while the editor lives and
//! refetched on `alertrule.updated`), and a change of one rule as the server's versioned write
//! (`PATCH /api/alert-rules/<region>/<kind>` with `If-Match`).
//!
//! save() sends only the fields that differ from the rule shown, expecting the version shown: a
//! rule another manager changed meanwhile is a conflict (conflicted() with the rule as it is
//! now), a value the server refuses is reported at its field (failed() with the field's name,
//! taken from the server's message `'<field>' must …`). The engine applies a saved rule from its
//! next scan; no restart.
class AlertRulesEditor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRulesEditor)

public:
    AlertRulesEditor(QueryClient *queries, ApiClient *api, QObject *parent = nullptr);
    ~AlertRulesEditor() override;

    //! The rules as the server listed them (`*` first); empty until loaded.
    [[nodiscard]] QList<AlertRule> rules() const;
    [[nodiscard]] bool isLoaded() const;
    //! `*` (every region without its own rule), then sorted: each region with a rule of its own,
    //! the regions of the orders and drivers in the cache, and \a known.
    [[nodiscard]] QStringList regions(const QStringList &known = {}) const;
    //! The rule in force for \a kind in \a region: its own, or the `*` one (then with \a region
    //! and version 0: the first change stores the region's own).
    [[nodiscard]] AlertRule effective(const QString &region, const QString &kind) const;
    //! Whether \a region has a rule of its own for \a kind.
    [[nodiscard]] bool hasOwnRule(const QString &region, const QString &kind) const;
    [[nodiscard]] bool isSaving() const { return m_saving; }

    //! Why \a rule cannot be saved, as (field, message in the window's language); empty when it
    //! can. Checks what the server checks, so most mistakes never leave the app.
    [[nodiscard]] static std::pair<QString, QString> check(const AlertRule &rule);
    //! The field a server message names (`'escalateMinutes' must …`), empty if none.
    [[nodiscard]] static QString fieldOf(const QString &message);

    //! Saves \a edited (its region and kind say which rule) against the rule shown now; returns
    //! false (nothing sent) while a save is running, when nothing changed or check() refuses
    //! (then failed() says why).
    bool save(const AlertRule &edited);

Q_SIGNALS:
    //! The rules were (re)loaded.
    void rulesChanged();
    void savingChanged(bool saving);
    //! The server stored \a rule.
    void saved(const Ops::AlertRule &rule);
    //! Someone changed the rule meanwhile: \a current is the rule as stored now.
    void conflicted(const Ops::AlertRule &current, const QString &message);
    //! The change was refused: \a field (empty when not about one field) and why.
    void failed(const QString &field, const QString &message);

private:
    QueryClient *m_queries;
    QPointer<ApiClient> m_api;
    std::unique_ptr<QueryObserver> m_observer;
    bool m_saving = false;
};

} // namespace Ops
