<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Ops::ActivityFeedModel</name>
    <message>
        <location filename="../../src/models/activityfeedmodel.cpp" line="+40" />
        <source>%1 created</source>
        <translation>%1 angelegt</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 created by %2</source>
        <translation>%1 angelegt von %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 → %2 by %3</source>
        <translation>%1 → %2 von %3</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 updated</source>
        <translation>%1 geändert</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Payment %1 recorded</source>
        <translation>Zahlung %1 erfasst</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Payment %1 recorded for %2</source>
        <translation>Zahlung %1 für %2 erfasst</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Alert %1 raised</source>
        <translation>Alarm %1 ausgelöst</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alert %1 raised: %2</source>
        <translation>Alarm %1 ausgelöst: %2</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Alert %1 %2 by %3</source>
        <translation>Alarm %1: %2 von %3</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alert %1 updated</source>
        <translation>Alarm %1 geändert</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alert %1 %2</source>
        <translation>Alarm %1: %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Driver %1 updated</source>
        <translation>Fahrer %1 geändert</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+27" />
        <source>event %1 · %2</source>
        <translation>Ereignis %1 · %2</translation>
    </message>
    <message>
        <location line="+6" />
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>Ops::ActivityPanel</name>
    <message>
        <location filename="../../ui/activitypanel.cpp" line="+20" />
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
</context>
<context>
    <name>Ops::AlertKinds</name>
    <message>
        <location filename="../../src/models/alertkinds.cpp" line="+10" />
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not picked up</source>
        <translation>Nicht abgeholt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Predicted late</source>
        <translation>Verspätung droht</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No driver</source>
        <translation>Kein Fahrer</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Delivery failed</source>
        <translation>Zustellung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Driver silent</source>
        <translation>Fahrer meldet sich nicht</translation>
    </message>
</context>
<context>
    <name>Ops::AlertRulesDialog</name>
    <message>
        <location filename="../../ui/alertrulesdialog.cpp" line="+41" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Raise this alert</source>
        <translation>Diesen Alarm auslösen</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Alert rules</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location line="+0" />
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <location line="+0" />
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Tell all again</source>
        <translation>Alle erneut</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Escalate</source>
        <translation>Eskalieren</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Remind</source>
        <translation>Erinnern</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Severity:</source>
        <translation>Schwere:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>When (threshold):</source>
        <translation>Wann (Schwelle):</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not acknowledged: tell everyone again after</source>
        <translation>Nicht bestätigt: alle erneut benachrichtigen nach</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not acknowledged: escalate to managers after</source>
        <translation>Nicht bestätigt: an die Leitung eskalieren nach</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Acknowledged, not resolved: remind after</source>
        <translation>Bestätigt, nicht erledigt: erinnern nach</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Saved. The alert engine uses it from its next scan.</source>
        <translation>Gespeichert. Die Alarmprüfung verwendet sie ab ihrem nächsten Durchlauf.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Another manager changed this rule meanwhile: it is shown as it is now. Make your change again if it is still needed.</source>
        <translation>Eine andere Leitung hat diese Regel inzwischen geändert: Sie wird so gezeigt, wie sie jetzt ist. Ändern Sie sie erneut, falls noch nötig.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location line="+42" />
        <source>All regions (default)</source>
        <translation>Alle Regionen (Standard)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+3" />
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+2" />
        <source>built in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <location line="+2" />
        <source>v%1 by %2</source>
        <translation>v%1 von %2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <location line="+0" />
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location line="+30" />
        <source>%1 — all regions without a rule of their own</source>
        <translation>%1 — alle Regionen ohne eigene Regel</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 — region %2</source>
        <translation>%1 — Region %2</translation>
    </message>
    <message>
        <location line="+55" />
        <source>Nothing changed.</source>
        <translation>Nichts geändert.</translation>
    </message>
</context>
<context>
    <name>Ops::AlertRulesEditor</name>
    <message>
        <location filename="../../src/sync/alertruleseditor.cpp" line="+108" />
        <source>From 0 to 1440 minutes</source>
        <translation>0 bis 1440 Minuten</translation>
    </message>
    <message>
        <location line="+5" />
        <source>From 1 to 1440 minutes</source>
        <translation>1 bis 1440 Minuten</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Must be later than the reminder to everyone</source>
        <translation>Muss später sein als die erneute Benachrichtigung aller</translation>
    </message>
</context>
<context>
    <name>Ops::AlertText</name>
    <message>
        <location filename="../../src/models/alerttext.cpp" line="+45" />
        <source>%1 for %2 is %3 min overdue</source>
        <translation>%1 für %2 ist %3 min überfällig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 for %2 is due in %3 min and not picked up</source>
        <translation>%1 für %2 ist in %3 min fällig und nicht abgeholt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 for %2 is due in %3 min and has no driver</source>
        <translation>%1 für %2 ist in %3 min fällig und hat keinen Fahrer</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 for %2 will be %3 min late</source>
        <translation>%1 für %2 kommt %3 min zu spät</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 for %2 will be %3 min late (estimated ETA %4)</source>
        <translation>%1 für %2 kommt %3 min zu spät (geschätzte Ankunft %4)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 for %2 will be %3 min late (ETA %4)</source>
        <translation>%1 für %2 kommt %3 min zu spät (Ankunft %4)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Delivery of %1 for %2 failed</source>
        <translation>Zustellung von %1 für %2 fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delivery of %1 for %2 by %3 failed</source>
        <translation>Zustellung von %1 für %2 durch %3 fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 (%2) silent for %3 s</source>
        <translation>%1 (%2) seit %3 s ohne Meldung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 (%2) silent for %3 min</source>
        <translation>%1 (%2) seit %3 min ohne Meldung</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Overdue order</source>
        <translation>Überfälliger Auftrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not picked up before due</source>
        <translation>Vor Fälligkeit nicht abgeholt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No driver before due</source>
        <translation>Vor Fälligkeit ohne Fahrer</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Predicted late (ETA)</source>
        <translation>Voraussichtlich verspätet (Ankunft)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Failed delivery</source>
        <translation>Zustellung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Silent driver</source>
        <translation>Fahrer ohne Meldung</translation>
    </message>
    <message>
        <location line="+18" />
        <source>seen by %1</source>
        <translation>gesehen von %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>acknowledged by %1 %2</source>
        <translation>bestätigt von %1 %2</translation>
    </message>
    <message>
        <location line="+7" />
        <source>resolved by itself %1</source>
        <translation>von selbst erledigt %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>resolved by %1 %2</source>
        <translation>erledigt von %1 %2</translation>
    </message>
    <message>
        <location line="+10" />
        <source>not acknowledged: everyone told again %1</source>
        <translation>nicht bestätigt: alle erneut benachrichtigt %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not acknowledged: escalated to the managers %1</source>
        <translation>nicht bestätigt: an die Leitung eskaliert %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not resolved: %1 reminded %2</source>
        <translation>nicht erledigt: %1 erinnert %2</translation>
    </message>
</context>
<context>
    <name>Ops::AlertsPanel</name>
    <message>
        <location filename="../../ui/alertspanel.cpp" line="+27" />
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Snooze</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <location line="+5" />
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <location line="+1" />
        <source>4 hours</source>
        <translation>4 Stunden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <location line="+44" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+73" />
        <source>%n alert(s) raised while you were away</source>
        <translation>
            <numerusform>%n Alarm während Ihrer Abwesenheit ausgelöst</numerusform>
            <numerusform>%n Alarme während Ihrer Abwesenheit ausgelöst</numerusform>
        </translation>
    </message>
    <message>
        <location line="+69" />
        <source>Critical alert: %1</source>
        <translation>Kritischer Alarm: %1</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Actions are off while not live</source>
        <translation>Aktionen sind gesperrt, solange nicht live</translation>
    </message>
</context>
<context>
    <name>Ops::AlertsTableModel</name>
    <message>
        <location filename="../../src/models/alertstablemodel.cpp" line="+33" />
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Subject</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Raised</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Seen and handled</source>
        <translation>Gesehen und bearbeitet</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location line="+52" />
        <source>%1 · %2 · raised %3</source>
        <translation>%1 · %2 · ausgelöst %3</translation>
    </message>
</context>
<context>
    <name>Ops::AssignCandidates</name>
    <message>
        <location filename="../../src/models/assigncandidates.cpp" line="+77" />
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
</context>
<context>
    <name>Ops::AssignMenu</name>
    <message>
        <location filename="../../ui/assignmenu.cpp" line="+11" />
        <source>Assign driver</source>
        <translation>Fahrer zuweisen</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Other regions</source>
        <translation>Andere Gebiete</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 · %2 · ≈ %3 min away</source>
        <translation>%1 · %2 · ≈ %3 min entfernt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 · %2 · %3 min away</source>
        <translation>%1 · %2 · %3 min entfernt</translation>
    </message>
    <message>
        <location line="+7" />
        <source>An estimate: straight-line distance, no routing service</source>
        <translation>Eine Schätzung: Luftlinie, kein Routendienst</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No driver online</source>
        <translation>Kein Fahrer online</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Take the driver off this order</source>
        <translation>Fahrer von diesem Auftrag abziehen</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Asking for travel times…</source>
        <translation>Fahrzeiten werden abgefragt…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Travel times unavailable: by region</source>
        <translation>Keine Fahrzeiten: nach Gebiet sortiert</translation>
    </message>
</context>
<context>
    <name>Ops::AwayBanner</name>
    <message>
        <location filename="../../ui/awaybanner.cpp" line="+39" />
        <source>Looked at all</source>
        <translation>Alle angesehen</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Click an alert to open it in the inbox</source>
        <translation>Klicken Sie auf einen Alarm, um ihn in der Alarmliste zu öffnen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Take every alert off this list (they stay in the inbox)</source>
        <translation>Alle Alarme von dieser Liste nehmen (sie bleiben in der Alarmliste)</translation>
    </message>
    <message numerus="yes">
        <location line="+37" />
        <source>While you were away (since %1): %n open alert(s)</source>
        <translation>
            <numerusform>Während Ihrer Abwesenheit (seit %1): %n offener Alarm</numerusform>
            <numerusform>Während Ihrer Abwesenheit (seit %1): %n offene Alarme</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ops::ConflictDialog</name>
    <message>
        <location filename="../../ui/conflictdialog.cpp" line="+41" />
        <source>%1 was changed by someone else</source>
        <translation>%1 wurde von jemand anderem geändert</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Your change of &lt;b&gt;%1&lt;/b&gt; to &lt;b&gt;%2&lt;/b&gt; was not applied: another change reached the server first. Nothing was overwritten.</source>
        <translation>Ihre Änderung von &lt;b&gt;%1&lt;/b&gt; auf &lt;b&gt;%2&lt;/b&gt; wurde nicht übernommen: Eine andere Änderung hat den Server zuerst erreicht. Nichts wurde überschrieben.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Last updated</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Yours</source>
        <translation>Ihre</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Server now</source>
        <translation>Server jetzt</translation>
    </message>
    <message>
        <location line="+22" />
        <source>&amp;Apply to current version</source>
        <translation>Auf aktuelle Version &amp;anwenden</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The order&apos;s current status cannot become %1</source>
        <translation>Der aktuelle Status des Auftrags kann nicht zu „%1“ wechseln</translation>
    </message>
</context>
<context>
    <name>Ops::ConnectionBadge</name>
    <message>
        <location filename="../../ui/connectionbadge.cpp" line="+60" />
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Connected: every change appears as it happens.</source>
        <translation>Verbunden: Jede Änderung erscheint sofort.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Connecting to the server. What you see may not be current yet.</source>
        <translation>Verbindung zum Server wird aufgebaut. Die Anzeige ist eventuell noch nicht aktuell.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Signing in…</source>
        <translation>Anmeldung…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Connected; waiting for the server to accept the sign-in.</source>
        <translation>Verbunden; warte, bis der Server die Anmeldung annimmt.</translation>
    </message>
    <message>
        <location line="-59" />
        <location line="+64" />
        <source>Reconnecting in %1 s</source>
        <translation>Neuer Versuch in %1 s</translation>
    </message>
    <message>
        <location line="-19" />
        <source>Connection: live</source>
        <translation>Verbindung: live</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Connection: connecting, not live yet</source>
        <translation>Verbindung: wird aufgebaut, noch nicht live</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Connection: signing in, not live yet</source>
        <translation>Verbindung: Anmeldung läuft, noch nicht live</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Reconnecting…</source>
        <translation>Verbinde neu…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Connection: lost, not live, reconnecting</source>
        <translation>Verbindung: unterbrochen, nicht live, wird neu aufgebaut</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Connection lost. The data shown is not live until the badge says Live.</source>
        <translation>Verbindung verloren. Die angezeigten Daten sind erst wieder aktuell, wenn hier „Live“ steht.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Offline — no network</source>
        <translation>Offline — kein Netz</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Connection: offline, no network, not live</source>
        <translation>Verbindung: offline, kein Netz, nicht live</translation>
    </message>
    <message>
        <location line="+2" />
        <source>This computer has no network. Reconnecting as soon as it returns.</source>
        <translation>Dieser Computer hat kein Netzwerk. Die Verbindung wird wiederhergestellt, sobald es zurück ist.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Connection: signed out, not live</source>
        <translation>Verbindung: abgemeldet, nicht live</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The server rejected the sign-in token. Sign in again.</source>
        <translation>Der Server hat das Anmelde-Token abgelehnt. Bitte erneut anmelden.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Connection: not connected, not live</source>
        <translation>Verbindung: nicht verbunden, nicht live</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not connected. The data shown is not live.</source>
        <translation>Nicht verbunden. Die angezeigten Daten sind nicht aktuell.</translation>
    </message>
</context>
<context>
    <name>Ops::DashPanel</name>
    <message>
        <location filename="../../ui/dashpanel.cpp" line="+36" />
        <source>Not live — not loaded yet</source>
        <translation>Nicht live — noch nicht geladen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not live — as of %1</source>
        <translation>Nicht live — Stand %1</translation>
    </message>
</context>
<context>
    <name>Ops::DemoServer</name>
    <message>
        <location filename="../../ui/demoserver.cpp" line="+50" />
        <source>Cannot find opsboard-server next to the app or on PATH.</source>
        <translation>opsboard-server ist weder neben der App noch im PATH zu finden.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Cannot create a temporary directory: %1</source>
        <translation>Kein temporäres Verzeichnis möglich: %1</translation>
    </message>
</context>
<context>
    <name>Ops::DesktopNotifier</name>
    <message>
        <location filename="../../ui/desktopnotifier.cpp" line="+49" />
        <source>&amp;Mute alert sounds</source>
        <translation>Alarmtöne &amp;stumm</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Sound for &amp;critical alerts</source>
        <translation>Ton für &amp;kritische Alarme</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sound for &amp;warnings</source>
        <translation>Ton für &amp;Warnungen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sound for &amp;info alerts</source>
        <translation>Ton für &amp;Info-Alarme</translation>
    </message>
    <message>
        <location line="+28" />
        <source>New alerts play no sound (critical alerts still notify)</source>
        <translation>Neue Alarme machen keinen Ton (kritische melden sich weiterhin)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>&amp;Show Opsboard</source>
        <translation>Opsboard &amp;zeigen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Alert so&amp;unds</source>
        <translation>Alarm&amp;töne</translation>
    </message>
    <message>
        <location line="+27" />
        <source>%1 cannot be acknowledged now (not live, or no longer open)</source>
        <translation>%1 kann jetzt nicht bestätigt werden (nicht live oder nicht mehr offen)</translation>
    </message>
    <message>
        <location line="+95" />
        <source>Escalated to you: %1</source>
        <translation>An Sie eskaliert: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Acknowledged, not resolved yet: %1</source>
        <translation>Bestätigt, noch nicht erledigt: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Still not acknowledged: %1</source>
        <translation>Noch immer nicht bestätigt: %1</translation>
    </message>
    <message>
        <location line="+33" />
        <source>&amp;Quiet hours %1–%2 (only critical alerts)</source>
        <translation>&amp;Ruhezeit %1–%2 (nur kritische Alarme)</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Critical alert: %1</source>
        <translation>Kritischer Alarm: %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 new critical alerts</source>
        <translation>%1 neue kritische Alarme</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
</context>
<context>
    <name>Ops::DeviceKeyDialog</name>
    <message>
        <location filename="../../ui/devicekeydialog.cpp" line="+28" />
        <source>&amp;Copy key</source>
        <translation>Schlüssel &amp;kopieren</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Phone registered for %1</source>
        <translation>Telefon für %1 registriert</translation>
    </message>
    <message>
        <location line="+8" />
        <source>&lt;b&gt;%1&lt;/b&gt; is registered. Install the free &lt;b&gt;Traccar Client&lt;/b&gt; app on the phone and enter:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ist registriert. Installieren Sie die kostenlose App &lt;b&gt;Traccar Client&lt;/b&gt; auf dem Telefon und tragen Sie ein:</translation>
    </message>
    <message>
        <location line="-2" />
        <source>The phone</source>
        <translation>Das Telefon</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&lt;b&gt;%1&lt;/b&gt; is registered. Install the free &lt;b&gt;Traccar Client&lt;/b&gt; app on the phone and scan this code with it, or enter the settings by hand:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ist registriert. Installieren Sie die kostenlose App &lt;b&gt;Traccar Client&lt;/b&gt; auf dem Telefon und scannen Sie damit diesen Code, oder tragen Sie die Einstellungen von Hand ein:</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Enter it without the spaces: %1</source>
        <translation>Ohne Leerzeichen eingeben: %1</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Device identifier:</source>
        <translation>Gerätekennung:</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Server URL:</source>
        <translation>Server-URL:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Type the key without the spaces (they are only for reading it out). If the server runs with an OsmAnd port of its own (--osmand-port, usually 5055), http://&lt;server&gt;:5055 works too. Frequency: 30 seconds.</source>
        <translation>Den Schlüssel ohne Leerzeichen eingeben (sie dienen nur dem Vorlesen). Läuft der Server mit einem eigenen OsmAnd-Port (--osmand-port, meist 5055), geht auch http://&lt;server&gt;:5055. Frequenz: 30 Sekunden.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Sets up Traccar Client: server URL, device identifier, frequency</source>
        <translation>Richtet Traccar Client ein: Server-URL, Gerätekennung, Frequenz</translation>
    </message>
    <message>
        <location line="+1" />
        <source>In Traccar Client 9.6 or newer: &lt;b&gt;Settings&lt;/b&gt;, then the QR code icon at the top. Or point the phone&apos;s camera at it and confirm &lt;i&gt;Apply new configuration?&lt;/i&gt; This sets the server URL, the key and a report every 30 seconds.</source>
        <translation>In Traccar Client ab Version 9.6: &lt;b&gt;Einstellungen&lt;/b&gt;, dann das QR-Code-Symbol oben. Oder die Kamera des Telefons auf den Code richten und die Frage nach der neuen Konfiguration (&lt;i&gt;Apply new configuration?&lt;/i&gt;) bestätigen. Das setzt die Server-URL, den Schlüssel und eine Meldung alle 30 Sekunden.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>&lt;b&gt;This key is shown only now.&lt;/b&gt; The server keeps no copy: if it gets lost, revoke this phone and register it again. Treat it like a password.</source>
        <translation>&lt;b&gt;Dieser Schlüssel wird nur jetzt angezeigt.&lt;/b&gt; Der Server bewahrt keine Kopie auf: Geht er verloren, widerrufen Sie dieses Telefon und registrieren Sie es neu. Behandeln Sie ihn wie ein Passwort.</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>Ops::DriverConflictDialog</name>
    <message>
        <location filename="../../ui/driverconflictdialog.cpp" line="+21" />
        <source>%1 was changed by someone else</source>
        <translation>%1 wurde von jemand anderem geändert</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Your change of &lt;b&gt;%1&lt;/b&gt; was not saved: another change reached the server first. Nothing was overwritten.</source>
        <translation>Ihre Änderung an &lt;b&gt;%1&lt;/b&gt; wurde nicht gespeichert: Eine andere Änderung hat den Server zuerst erreicht. Nichts wurde überschrieben.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location line="+0" />
        <source>deactivated</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Vehicle</source>
        <translation>Fahrzeug</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+2" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Yours</source>
        <translation>Ihre</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Server now</source>
        <translation>Server jetzt</translation>
    </message>
    <message>
        <location line="+22" />
        <source>&amp;Apply to current version</source>
        <translation>Auf aktuelle Version &amp;anwenden</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
</context>
<context>
    <name>Ops::DriverEditDialog</name>
    <message>
        <location filename="../../ui/drivereditdialog.cpp" line="+39" />
        <source>Add driver</source>
        <translation>Fahrer hinzufügen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <location line="+4" />
        <source>e.g. +44 20 7946 0018</source>
        <translation>z. B. +49 30 1234567</translation>
    </message>
    <message>
        <location line="+3" />
        <source>e.g. Cargo bike 3</source>
        <translation>z. B. Lastenrad 3</translation>
    </message>
    <message>
        <location line="+15" />
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Phone</source>
        <translation>&amp;Telefon</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Vehicle</source>
        <translation>&amp;Fahrzeug</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Region</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <location line="+79" />
        <source>Not connected to the server.</source>
        <translation>Keine Verbindung zum Server.</translation>
    </message>
    <message>
        <location line="+64" />
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
</context>
<context>
    <name>Ops::DriverHistoryDialog</name>
    <message>
        <location filename="../../ui/driverhistorydialog.cpp" line="+23" />
        <source>History of %1 (%2)</source>
        <translation>Verlauf von %1 (%2)</translation>
    </message>
    <message>
        <location line="+35" />
        <source>The history is not available: %1</source>
        <translation>Der Verlauf ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No changes recorded.</source>
        <translation>Keine Änderungen erfasst.</translation>
    </message>
</context>
<context>
    <name>Ops::DriverHistoryModel</name>
    <message>
        <location filename="../../src/models/driverhistorymodel.cpp" line="+31" />
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Deactivated</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Reactivated</source>
        <translation>Reaktiviert</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone registered: %1</source>
        <translation>Telefon registriert: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone revoked: %1</source>
        <translation>Telefon widerrufen: %1</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Vehicle</source>
        <translation>Fahrzeug</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
</context>
<context>
    <name>Ops::DriverInfoPane</name>
    <message>
        <location filename="../../ui/driverinfopane.cpp" line="+33" />
        <location line="+17" />
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="-12" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Select a driver to see the phone and registered devices.</source>
        <translation>Wählen Sie einen Fahrer, um Telefon und registrierte Geräte zu sehen.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>deactivated: cannot be assigned</source>
        <translation>deaktiviert: kann keine Aufträge erhalten</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone: %1</source>
        <translation>Telefon: %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Vehicle: %1</source>
        <translation>Fahrzeug: %1</translation>
    </message>
    <message>
        <location line="+6" />
        <source>no position yet</source>
        <translation>noch keine Position</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Battery %1 %</source>
        <translation>Akku %1 %</translation>
    </message>
    <message>
        <location line="+7" />
        <source>No phone registered.</source>
        <translation>Kein Telefon registriert.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>%1 (%2, registered %3)</source>
        <translation>%1 (%2, registriert %3)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Revoke…</source>
        <translation>Widerrufen …</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Phones: %1</source>
        <translation>Telefone: %1</translation>
    </message>
</context>
<context>
    <name>Ops::DriversPanel</name>
    <message>
        <location filename="../../ui/driverspanel.cpp" line="+36" />
        <source>&amp;Add driver…</source>
        <translation>Fahrer &amp;hinzufügen …</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+154" />
        <source>&amp;Deactivate</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <location line="-153" />
        <source>Register &amp;phone…</source>
        <translation>&amp;Telefon registrieren …</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;History…</source>
        <translation>&amp;Verlauf …</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Drivers</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+147" />
        <source>&amp;Reactivate</source>
        <translation>&amp;Reaktivieren</translation>
    </message>
    <message>
        <location line="+53" />
        <source>Deactivate driver</source>
        <translation>Fahrer deaktivieren</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deactivate %1 (%2)? The driver keeps its history but cannot be assigned, and its phones&apos; reports are refused until reactivated.</source>
        <translation>%1 (%2) deaktivieren? Der Verlauf bleibt erhalten, aber der Fahrer kann keine Aufträge erhalten, und die Meldungen seiner Telefone werden bis zur Reaktivierung abgelehnt.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Not deactivated</source>
        <translation>Nicht deaktiviert</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Not reactivated</source>
        <translation>Nicht reaktiviert</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+29" />
        <location line="+19" />
        <source>Not connected to the server.</source>
        <translation>Keine Verbindung zum Server.</translation>
    </message>
    <message>
        <location line="-39" />
        <source>Register phone</source>
        <translation>Telefon registrieren</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A name for the phone, so you can tell it apart later (e.g. &quot;%1&apos;s phone&quot;):</source>
        <translation>Ein Name für das Telefon, damit Sie es später unterscheiden können (z. B. „Telefon von %1“):</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1&apos;s phone</source>
        <translation>Telefon von %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Phone not registered</source>
        <translation>Telefon nicht registriert</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Revoke phone</source>
        <translation>Telefon widerrufen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Revoke %1? Its reports are refused from now on; to use the phone again, register it again and enter the new key.</source>
        <translation>%1 widerrufen? Seine Meldungen werden ab sofort abgelehnt; um das Telefon wieder zu nutzen, registrieren Sie es neu und tragen den neuen Schlüssel ein.</translation>
    </message>
</context>
<context>
    <name>Ops::DriversTableModel</name>
    <message>
        <location filename="../../src/models/driverstablemodel.cpp" line="+36" />
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Presence</source>
        <translation>Präsenz</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Battery</source>
        <translation>Akku</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+44" />
        <source>GPS %1 old</source>
        <translation>GPS vor %1</translation>
    </message>
    <message>
        <location line="+33" />
        <source>In transit</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Idle</source>
        <translation>Frei</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not responding</source>
        <translation>Antwortet nicht</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+87" />
        <source>Deactivated</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location line="+22" />
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+16" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1: no position yet</source>
        <translation>%1: noch keine Position</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 at %2, %3</source>
        <translation>%1 bei %2, %3</translation>
    </message>
    <message>
        <location line="+15" />
        <source>GPS via phone (%1)</source>
        <translation>GPS per Telefon (%1)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>from the driver app</source>
        <translation>aus der Fahrer-App</translation>
    </message>
    <message>
        <location line="+3" />
        <source>accurate to %1 m</source>
        <translation>auf %1 m genau</translation>
    </message>
    <message>
        <location line="-55" />
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>Ops::HistoryModel</name>
    <message>
        <location filename="../../src/models/historymodel.cpp" line="+28" />
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
</context>
<context>
    <name>Ops::ImportWizard</name>
    <message>
        <location filename="../../ui/importwizard.cpp" line="+27" />
        <source>Choose a CSV file</source>
        <translation>CSV-Datei wählen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>One order per row. The first row names the columns: externalRef, customer, pickup, dropoff, dueAt, region and amount are required; contactName, contactPhone, notes, windowStart and the positions are optional. UTF-8, separated by commas or semicolons.</source>
        <translation>Ein Auftrag pro Zeile. Die erste Zeile nennt die Spalten: externalRef, customer, pickup, dropoff, dueAt, region und amount sind Pflicht; contactName, contactPhone, notes, windowStart und die Positionen sind freiwillig. UTF-8, getrennt durch Kommas oder Semikolons.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>orders.csv</source>
        <translation>auftraege.csv</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Save a &amp;template…</source>
        <translation>&amp;Vorlage speichern…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A CSV file with every column and two example rows</source>
        <translation>Eine CSV-Datei mit allen Spalten und zwei Beispielzeilen</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Import orders</source>
        <translation>Aufträge importieren</translation>
    </message>
    <message>
        <location line="+0" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+34" />
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The server checks every row; nothing is written yet.</source>
        <translation>Der Server prüft jede Zeile; noch wird nichts gespeichert.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Import the valid rows and leave the others out</source>
        <translation>Die gültigen Zeilen importieren und die anderen auslassen</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message numerus="yes">
        <location line="+15" />
        <source>Importing %n order(s)…</source>
        <translation>
            <numerusform>%n Auftrag wird importiert…</numerusform>
            <numerusform>%n Aufträge werden importiert…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15" />
        <source>Import orders from CSV</source>
        <translation>Aufträge aus CSV importieren</translation>
    </message>
    <message numerus="yes">
        <location line="+47" />
        <source>%n row(s) read from %1.</source>
        <translation>
            <numerusform>%n Zeile aus %1 gelesen.</numerusform>
            <numerusform>%n Zeilen aus %1 gelesen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n new order(s) to import.</source>
        <translation>
            <numerusform>%n neuer Auftrag zu importieren.</numerusform>
            <numerusform>%n neue Aufträge zu importieren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n row(s) are orders already (same reference) and will be left as they are.</source>
        <translation>
            <numerusform>%n Zeile ist schon ein Auftrag (gleiche Referenz) und bleibt, wie sie ist.</numerusform>
            <numerusform>%n Zeilen sind schon Aufträge (gleiche Referenz) und bleiben, wie sie sind.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n row(s) have problems and cannot be imported:</source>
        <translation>
            <numerusform>%n Zeile hat Fehler und kann nicht importiert werden:</numerusform>
            <numerusform>%n Zeilen haben Fehler und können nicht importiert werden:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>(the first %1 are listed)</source>
        <translation>(die ersten %1 sind aufgeführt)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Nothing to import.</source>
        <translation>Nichts zu importieren.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>The file cannot be imported: %1</source>
        <translation>Die Datei kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Nothing was imported: every row is an order already.</source>
        <translation>Nichts wurde importiert: Jede Zeile ist schon ein Auftrag.</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Imported %n order(s), %1 to %2 (import %3).</source>
        <translation>
            <numerusform>%n Auftrag importiert, %1 bis %2 (Import %3).</numerusform>
            <numerusform>%n Aufträge importiert, %1 bis %2 (Import %3).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>%n row(s) were orders already and were left as they are.</source>
        <translation>
            <numerusform>%n Zeile war schon ein Auftrag und blieb, wie sie war.</numerusform>
            <numerusform>%n Zeilen waren schon Aufträge und blieben, wie sie waren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n row(s) with problems were left out.</source>
        <translation>
            <numerusform>%n fehlerhafte Zeile wurde ausgelassen.</numerusform>
            <numerusform>%n fehlerhafte Zeilen wurden ausgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10" />
        <source>Nothing was imported: %1</source>
        <translation>Nichts wurde importiert: %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Save template</source>
        <translation>Vorlage speichern</translation>
    </message>
    <message>
        <location line="+0" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Cannot save the template: %1</source>
        <translation>Die Vorlage kann nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>Ops::KpiPanel</name>
    <message>
        <location filename="../../ui/kpipanel.cpp" line="+36" />
        <source>KPIs</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Orders per 15 minutes today</source>
        <translation>Aufträge pro 15 Minuten heute</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location line="+65" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Needs attention. %1</source>
        <translation>Braucht Aufmerksamkeit. %1</translation>
    </message>
    <message>
        <location line="+57" />
        <source>No orders yet today.</source>
        <translation>Heute noch keine Aufträge.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Latest quarter hour from %1: %2 orders created, %3 delivered.</source>
        <translation>Letzte Viertelstunde ab %1: %2 Aufträge angelegt, %3 zugestellt.</translation>
    </message>
</context>
<context>
    <name>Ops::KpiTimelineModel</name>
    <message>
        <location filename="../../src/models/kpitimelinemodel.cpp" line="+31" />
        <source>From</source>
        <translation>Ab</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
</context>
<context>
    <name>Ops::KpisModel</name>
    <message>
        <location filename="../../src/models/kpismodel.cpp" line="+25" />
        <source>Open orders</source>
        <translation>Offene Aufträge</translation>
    </message>
    <message>
        <location line="+1" />
        <source>In transit</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delivered today</source>
        <translation>Heute zugestellt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Late</source>
        <translation>Verspätet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>At risk</source>
        <translation>Gefährdet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drivers online</source>
        <translation>Fahrer online</translation>
    </message>
    <message>
        <location line="+1" />
        <source>On time</source>
        <translation>Pünktlich</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Payments today</source>
        <translation>Zahlungen heute</translation>
    </message>
    <message>
        <location line="+56" />
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Open orders not late yet that are due within %1 min or whose ETA is after their due time</source>
        <translation>Offene, noch nicht verspätete Aufträge, die in %1 min fällig sind oder deren Ankunft nach der Fälligkeit liegt</translation>
    </message>
</context>
<context>
    <name>Ops::MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="+54" />
        <source>Opsboard</source>
        <translation>Opsboard</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Key figures</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drivers</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Alert r&amp;ules…</source>
        <translation>Alarm&amp;regeln…</translation>
    </message>
    <message>
        <location line="+18" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;New window</source>
        <translation>&amp;Neues Fenster</translation>
    </message>
    <message>
        <location line="+5" />
        <source>New &amp;order…</source>
        <translation>Neuer Auf&amp;trag…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Impo&amp;rt orders from CSV…</source>
        <translation>Aufträge aus CSV &amp;importieren…</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Needs a live connection</source>
        <translation>Braucht eine Live-Verbindung</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Sign &amp;in again…</source>
        <translation>Erneut &amp;anmelden…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Close window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Orders</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Edit order…</source>
        <translation>Auftrag &amp;bearbeiten…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Developer</source>
        <translation>&amp;Entwickler</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Query inspector</source>
        <translation>&amp;Query-Inspektor</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;About Opsboard</source>
        <translation>Ü&amp;ber Opsboard</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Query inspector</source>
        <translation>Query-Inspektor</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Reconnected — refreshed everything from the server</source>
        <translation>Wieder verbunden — alles vom Server neu geladen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reconnected — nothing was missed</source>
        <translation>Wieder verbunden — nichts verpasst</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reconnected — 1 update caught up</source>
        <translation>Wieder verbunden — 1 Änderung nachgeholt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reconnected — %1 updates caught up</source>
        <translation>Wieder verbunden — %1 Änderungen nachgeholt</translation>
    </message>
    <message>
        <location line="+48" />
        <source>The saved layout does not fit this screen: showing the default layout</source>
        <translation>Das gespeicherte Layout passt nicht auf diesen Bildschirm: Standardlayout wird gezeigt</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Layout reset</source>
        <translation>Layout zurückgesetzt</translation>
    </message>
    <message>
        <location line="+172" />
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Change the status of the current order inline</source>
        <translation>Status des aktuellen Auftrags direkt in der Tabelle ändern</translation>
    </message>
    <message>
        <location line="+0" />
        <source>F2 or double-click the status</source>
        <translation>F2 oder Doppelklick auf den Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Select several orders</source>
        <translation>Mehrere Aufträge auswählen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Shift/Ctrl+click, Shift+arrows</source>
        <translation>Umschalt/Strg+Klick, Umschalt+Pfeiltasten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Move between markers on the map (Enter selects)</source>
        <translation>Auf der Karte von Markierung zu Markierung (Eingabe wählt aus)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Arrow keys, Page Up/Down, Home, End</source>
        <translation>Pfeiltasten, Bild auf/ab, Pos1, Ende</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pan the map</source>
        <translation>Karte verschieben</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Drag, Ctrl+arrow keys</source>
        <translation>Ziehen, Strg+Pfeiltasten</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom the map</source>
        <translation>Karte zoomen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Wheel, double-click, + and -</source>
        <translation>Mausrad, Doppelklick, + und -</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom the map to the selection / show everything</source>
        <translation>Auf die Auswahl zoomen / alles zeigen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Z / 0</source>
        <translation>Z / 0</translation>
    </message>
    <message>
        <location line="+13" />
        <source>About Opsboard</source>
        <translation>Über Opsboard</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&lt;h3&gt;Opsboard %1&lt;/h3&gt;&lt;p&gt;Live operations dashboard for dispatchers.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Opsboard %1&lt;/h3&gt;&lt;p&gt;Live-Einsatzübersicht für die Disposition.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Ops::MapBasemap</name>
    <message>
        <location filename="../../ui/mapbasemap.cpp" line="+73" />
        <source>Map tiles: %1</source>
        <translation>Kartenkacheln: %1</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Schematic map: no tile source configured (--tiles or --mbtiles)</source>
        <translation>Schematische Karte: keine Kachelquelle eingestellt (--tiles oder --mbtiles)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Schematic map where streets are missing: %1 failed (%2)</source>
        <translation>Schematische Karte, wo Straßen fehlen: %1 ausgefallen (%2)</translation>
    </message>
    <message>
        <location line="+24" />
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
</context>
<context>
    <name>Ops::MapLegend</name>
    <message>
        <location filename="../../ui/maplegend.cpp" line="+33" />
        <source>Driver available</source>
        <translation>Fahrer frei</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Driver in transit</source>
        <translation>Fahrer unterwegs</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Driver silent / offline</source>
        <translation>Fahrer ohne Meldung / offline</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Open order (some placed by region)</source>
        <translation>Offener Auftrag (teils nach Gebiet platziert)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open order</source>
        <translation>Offener Auftrag</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Late order</source>
        <translation>Verspäteter Auftrag</translation>
    </message>
    <message>
        <location line="+4" />
        <source>GPS position old</source>
        <translation>GPS-Position veraltet</translation>
    </message>
    <message>
        <location line="+3" />
        <source>To the next stop</source>
        <translation>Zum nächsten Halt</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Where the driver has been</source>
        <translation>Bisheriger Weg des Fahrers</translation>
    </message>
</context>
<context>
    <name>Ops::MapPanel</name>
    <message>
        <location filename="../../ui/mappanel.cpp" line="+23" />
        <source>Map</source>
        <translation>Karte</translation>
    </message>
</context>
<context>
    <name>Ops::MapRoutes</name>
    <message>
        <location filename="../../ui/maproutes.cpp" line="+18" />
        <source>ETA ≈%1</source>
        <translation>Ankunft ≈%1</translation>
    </message>
    <message>
        <location line="+0" />
        <source>ETA %1</source>
        <translation>Ankunft %1</translation>
    </message>
</context>
<context>
    <name>Ops::MapView</name>
    <message>
        <location filename="../../ui/mapview.cpp" line="+71" />
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location line="+545" />
        <source>%1 (%2)
%3 · seen %4 ago</source>
        <translation>%1 (%2)
%3 · gesehen vor %4</translation>
    </message>
    <message>
        <location line="-22" />
        <source>%1 · %2
%3 · due %4</source>
        <translation>%1 · %2
%3 · fällig %4</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No coordinates: placed in its region</source>
        <translation>Keine Koordinaten: in seinem Gebiet platziert</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Driver: %1</source>
        <translation>Fahrer: %1</translation>
    </message>
    <message>
        <location line="+19" />
        <source>GPS %1 min old</source>
        <translation>GPS vor %1 min</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Battery %1 % (low)</source>
        <translation>Akku %1 % (schwach)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Battery %1 %</source>
        <translation>Akku %1 %</translation>
    </message>
    <message>
        <location line="+56" />
        <source>Zoom in	+</source>
        <translation>Vergrößern	+</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom out	-</source>
        <translation>Verkleinern	-</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Zoom to selection	Z</source>
        <translation>Auf Auswahl zoomen	Z</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Show everything	0</source>
        <translation>Alles zeigen	0</translation>
    </message>
    <message>
        <location line="+144" />
        <source>%1 drivers, %2 open orders, %3 of them late. Arrow keys move between markers, Enter selects; Ctrl+arrows pan, + and - zoom, Z zooms to the selection.</source>
        <translation>%1 Fahrer, %2 offene Aufträge, davon %3 verspätet. Pfeiltasten wechseln die Markierung, Eingabe wählt aus; Strg+Pfeiltasten verschieben, + und - zoomen, Z zoomt auf die Auswahl.</translation>
    </message>
</context>
<context>
    <name>Ops::OrderActions</name>
    <message>
        <location filename="../../src/sync/orderactions.cpp" line="+251" />
        <source>another change reached the server first (now version %1); look again and assign on what is there now</source>
        <translation>eine andere Änderung war zuerst beim Server (jetzt Version %1); bitte erneut ansehen und auf dem aktuellen Stand zuweisen</translation>
    </message>
    <message>
        <location line="+52" />
        <source>1 of %1 orders was not changed</source>
        <translation>1 von %1 Aufträgen wurde nicht geändert</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 of %2 orders were not changed</source>
        <translation>%1 von %2 Aufträgen wurden nicht geändert</translation>
    </message>
    <message>
        <location line="+108" />
        <source>the server&apos;s answer is not an order</source>
        <translation>die Antwort des Servers ist kein Auftrag</translation>
    </message>
</context>
<context>
    <name>Ops::OrderDetailPanel</name>
    <message>
        <location filename="../../ui/orderdetailpanel.cpp" line="+50" />
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Select an order to see its details, history and payments.</source>
        <translation>Wählen Sie einen Auftrag, um Details, Verlauf und Zahlungen zu sehen.</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Change addresses, due time, contact, notes or amount</source>
        <translation>Adressen, Fälligkeit, Kontakt, Notizen oder Betrag ändern</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pick-up</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Time left</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ETA</source>
        <translation>Ankunft</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location line="+23" />
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <location line="+81" />
        <location line="+25" />
        <location line="+3" />
        <location line="+2" />
        <location line="+33" />
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="-56" />
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+44" />
        <source>none yet</source>
        <translation>noch keiner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="-32" />
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="+17" />
        <source>%1 (version %2)</source>
        <translation>%1 (Version %2)</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Payments are not available: %1</source>
        <translation>Zahlungen nicht verfügbar: %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No payments recorded for this order.</source>
        <translation>Für diesen Auftrag sind keine Zahlungen erfasst.</translation>
    </message>
</context>
<context>
    <name>Ops::OrderDialog</name>
    <message>
        <location filename="../../ui/orderdialog.cpp" line="+56" />
        <source>New order</source>
        <translation>Neuer Auftrag</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Edit order %1</source>
        <translation>Auftrag %1 bearbeiten</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+288" />
        <source>Order %1 is not in the list any more.</source>
        <translation>Auftrag %1 ist nicht mehr in der Liste.</translation>
    </message>
    <message>
        <location line="-248" />
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Customer:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Contact &amp;name:</source>
        <translation>Kontakt&amp;name:</translation>
    </message>
    <message>
        <location line="+0" />
        <source>optional</source>
        <translation>freiwillig</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Contact &amp;phone:</source>
        <translation>Kontakt&amp;telefon:</translation>
    </message>
    <message>
        <location line="+0" />
        <source>+44 20 7946 0000</source>
        <translation>+49 30 1234567</translation>
    </message>
    <message>
        <location line="+3" />
        <source>&amp;Reference:</source>
        <translation>&amp;Referenz:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the shop&apos;s order number (optional; keeps an order from being entered twice)</source>
        <translation>Bestellnummer des Shops (freiwillig; verhindert doppelte Erfassung)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Re&amp;gion:</source>
        <translation>Re&amp;gion:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pick&amp;up:</source>
        <translation>A&amp;bholung:</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+5" />
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="-3" />
        <source>Pickup position:</source>
        <translation>Position der Abholung:</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+5" />
        <source>latitude, longitude (optional)</source>
        <translation>Breite, Länge (freiwillig)</translation>
    </message>
    <message>
        <location line="-3" />
        <source>&amp;Drop-off:</source>
        <translation>&amp;Zustellung:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Drop-off position:</source>
        <translation>Position der Zustellung:</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Time and amount</source>
        <translation>Zeit und Betrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>D&amp;ue by:</source>
        <translation>&amp;Fällig bis:</translation>
    </message>
    <message>
        <location line="+4" />
        <source>not before</source>
        <translation>nicht vor</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Delivery &amp;window:</source>
        <translation>Liefer&amp;fenster:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Amount:</source>
        <translation>Be&amp;trag:</translation>
    </message>
    <message>
        <location line="+0" />
        <source>24.82</source>
        <translation>24,82</translation>
    </message>
    <message>
        <location line="+4" />
        <source>N&amp;otes:</source>
        <translation>N&amp;otizen:</translation>
    </message>
    <message>
        <location line="+10" />
        <source>&amp;Save changes</source>
        <translation>Änderungen &amp;speichern</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;Create order</source>
        <translation>Auftrag &amp;anlegen</translation>
    </message>
    <message>
        <location line="+167" />
        <source>One field needs attention.</source>
        <translation>Ein Feld muss noch korrigiert werden.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 fields need attention.</source>
        <translation>%1 Felder müssen noch korrigiert werden.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Not connected: nothing was sent. Saving needs a live connection.</source>
        <translation>Nicht verbunden: Nichts wurde gesendet. Speichern braucht eine Live-Verbindung.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Nothing changed in %1.</source>
        <translation>An %1 hat sich nichts geändert.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Reference %1 is order %2 already (%3); nothing was created.</source>
        <translation>Referenz %1 ist schon Auftrag %2 (%3); nichts wurde angelegt.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Order %1 created.</source>
        <translation>Auftrag %1 angelegt.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>The server refused the order; see the marked field.</source>
        <translation>Der Server hat den Auftrag abgelehnt; siehe das markierte Feld.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not created: %1</source>
        <translation>Nicht angelegt: %1</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Order %1 saved.</source>
        <translation>Auftrag %1 gespeichert.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The server refused the change; see the marked field.</source>
        <translation>Der Server hat die Änderung abgelehnt; siehe das markierte Feld.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Someone else changed this order meanwhile (now version %1). Your values are still in the form; Save applies them to the current version.</source>
        <translation>Jemand anderes hat diesen Auftrag inzwischen geändert (jetzt Version %1). Ihre Werte stehen noch im Formular; Speichern wendet sie auf die aktuelle Version an.</translation>
    </message>
</context>
<context>
    <name>Ops::OrderDialogs</name>
    <message>
        <location filename="../../ui/orderdialogs.cpp" line="+50" />
        <source>Orders of %1 not moved: %2</source>
        <translation>Aufträge von %1 nicht verschoben: %2</translation>
    </message>
    <message>
        <location line="+6" />
        <source>no driver</source>
        <translation>keinen Fahrer</translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>Moved %n order(s) of %1 to %2.</source>
        <translation>
            <numerusform>%n Auftrag von %1 an %2 übergeben.</numerusform>
            <numerusform>%n Aufträge von %1 an %2 übergeben.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Moved %1 of %2 orders of %3 to %4; the others changed meanwhile.</source>
        <translation>%1 von %2 Aufträgen von %3 an %4 übergeben; die anderen haben sich inzwischen geändert.</translation>
    </message>
    <message>
        <location line="+26" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+32" />
        <source>%1: why?</source>
        <translation>%1: Warum?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order %1 becomes %2.</source>
        <translation>Auftrag %1 wird %2.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 orders become %2.</source>
        <translation>%1 Aufträge werden %2.</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+41" />
        <location line="+41" />
        <source>Not connected: nothing was changed. Changes need a live connection.</source>
        <translation>Nicht verbunden: Nichts wurde geändert. Änderungen brauchen eine Live-Verbindung.</translation>
    </message>
    <message>
        <location line="-56" />
        <source>Correct status of %1</source>
        <translation>Status von %1 korrigieren</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order %1 is %2. Correct it to another state; the correction and its reason are kept in the order&apos;s history.</source>
        <translation>Auftrag %1 ist %2. Korrigieren Sie ihn auf einen anderen Status; die Korrektur und ihr Grund bleiben im Verlauf des Auftrags.</translation>
    </message>
    <message>
        <location line="+42" />
        <source>Reassign orders of %1</source>
        <translation>Aufträge von %1 umverteilen</translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n open order(s) of %1 (assigned, picked up or in transit) go to another driver.</source>
        <translation>
            <numerusform>%n offener Auftrag von %1 (zugewiesen, abgeholt oder unterwegs) geht an einen anderen Fahrer.</numerusform>
            <numerusform>%n offene Aufträge von %1 (zugewiesen, abgeholt oder unterwegs) gehen an einen anderen Fahrer.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Driver went home</source>
        <translation>Fahrer ist nach Hause gegangen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Vehicle breakdown</source>
        <translation>Fahrzeugpanne</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Driver unwell</source>
        <translation>Fahrer krank</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Rebalancing the region</source>
        <translation>Region neu verteilen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No driver (back to unassigned)</source>
        <translation>Kein Fahrer (wieder nicht zugewiesen)</translation>
    </message>
    <message numerus="yes">
        <location line="+18" />
        <source>Imported %n order(s) (%1 to %2).</source>
        <translation>
            <numerusform>%n Auftrag importiert (%1 bis %2).</numerusform>
            <numerusform>%n Aufträge importiert (%1 bis %2).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18" />
        <source>&amp;Edit order…</source>
        <translation>Auftrag &amp;bearbeiten…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Correct status…</source>
        <translation>Status &amp;korrigieren…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Reassign all orders of %1…</source>
        <translation>Alle Aufträge von %1 &amp;umverteilen…</translation>
    </message>
</context>
<context>
    <name>Ops::OrderForm</name>
    <message>
        <location filename="../../src/models/orderform.cpp" line="+24" />
        <location line="+82" />
        <location line="+9" />
        <location line="+12" />
        <source>Required.</source>
        <translation>Pflichtfeld.</translation>
    </message>
    <message>
        <location line="-101" />
        <source>At most %1 characters (now %2).</source>
        <translation>Höchstens %1 Zeichen (jetzt %2).</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contains control characters.</source>
        <translation>Enthält Steuerzeichen.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>One line, without control characters.</source>
        <translation>Eine Zeile, ohne Steuerzeichen.</translation>
    </message>
    <message>
        <location line="+79" />
        <source>1 to %1 of a–z, 0–9, _ and -.</source>
        <translation>1 bis %1 Zeichen aus a–z, 0–9, _ und -.</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+3" />
        <source>Latitude, longitude in degrees, e.g. 51.5512, -0.1318.</source>
        <translation>Breite, Länge in Grad, z. B. 51.5512, -0.1318.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Must be within %1 days of now.</source>
        <translation>Muss innerhalb von %1 Tagen ab jetzt liegen.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The window must open before the due time.</source>
        <translation>Das Fenster muss vor der Fälligkeit beginnen.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>A window lasts at most %1 days.</source>
        <translation>Ein Fenster dauert höchstens %1 Tage.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>An amount from 0 to %1, e.g. 24.82.</source>
        <translation>Ein Betrag von 0 bis %1, z. B. 24,82.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Digits, spaces and + ( ) - . / only, with at least three digits.</source>
        <translation>Nur Ziffern, Leerzeichen und + ( ) - . /, mit mindestens drei Ziffern.</translation>
    </message>
</context>
<context>
    <name>Ops::OrderHistoryModel</name>
    <message>
        <location filename="../../src/models/orderhistorymodel.cpp" line="+59" />
        <source>created as %1</source>
        <translation>angelegt als %1</translation>
    </message>
    <message>
        <location line="-40" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Pickup</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Window opens</source>
        <translation>Fenster ab</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pickup position</source>
        <translation>Position der Abholung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Drop-off position</source>
        <translation>Position der Zustellung</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Status: %1 → %2</source>
        <translation>Status: %1 → %2</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+22" />
        <source>%1 — “%2”</source>
        <translation>%1 – „%2“</translation>
    </message>
</context>
<context>
    <name>Ops::OrderImporter</name>
    <message>
        <location filename="../../src/sync/orderimporter.cpp" line="+24" />
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 is %2 MiB; the server takes files of up to %3 MiB (10,000 rows).</source>
        <translation>%1 ist %2 MiB groß; der Server nimmt Dateien bis %3 MiB (10.000 Zeilen).</translation>
    </message>
    <message>
        <location line="+8" />
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Not connected to a server.</source>
        <translation>Nicht mit einem Server verbunden.</translation>
    </message>
    <message>
        <location line="+23" />
        <source>The server&apos;s answer is not an import report: %1</source>
        <translation>Die Antwort des Servers ist kein Importbericht: %1</translation>
    </message>
</context>
<context>
    <name>Ops::OrdersDelegate</name>
    <message>
        <location filename="../../ui/ordersdelegate.cpp" line="+109" />
        <source>New status of %1</source>
        <translation>Neuer Status von %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Only the changes the order&apos;s lifecycle allows from %1.</source>
        <translation>Nur die Wechsel, die der Ablauf des Auftrags von %1 aus erlaubt.</translation>
    </message>
</context>
<context>
    <name>Ops::OrdersPanel</name>
    <message>
        <location filename="../../ui/orderspanel.cpp" line="+87" />
        <source>%1: change confirmed</source>
        <translation>%1: Änderung bestätigt</translation>
    </message>
    <message>
        <location line="+12" />
        <location line="+614" />
        <location line="+65" />
        <source>Not connected: %1 was not changed</source>
        <translation>Nicht verbunden: %1 wurde nicht geändert</translation>
    </message>
    <message>
        <location line="-660" />
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location line="+30" />
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open (not finished)</source>
        <translation>Offen (nicht abgeschlossen)</translation>
    </message>
    <message>
        <location line="+7" />
        <location line="+286" />
        <source>All regions</source>
        <translation>Alle Regionen</translation>
    </message>
    <message>
        <location line="-281" />
        <source>All drivers</source>
        <translation>Alle Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No driver</source>
        <translation>Ohne Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Late only</source>
        <translation>Nur &amp;verspätete</translation>
    </message>
    <message>
        <location line="+2" />
        <source>At &amp;risk</source>
        <translation>&amp;Gefährdet</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Search orders, customers, addresses…</source>
        <translation>Suche: Auftrag, Kunde, Adresse…</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Driver:</source>
        <translation>Fahrer:</translation>
    </message>
    <message>
        <location line="+6" />
        <source>View:</source>
        <translation>Ansicht:</translation>
    </message>
    <message>
        <location line="+69" />
        <source>Open orders not late yet that are due within %1 min or whose ETA is after their due time</source>
        <translation>Offene, noch nicht verspätete Aufträge, die in %1 min fällig sind oder deren Ankunft nach der Fälligkeit liegt</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Set status: %1</source>
        <translation>Status setzen: %1</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;Export view as CSV…</source>
        <translation>Ansicht als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Save view…</source>
        <translation>Ansicht s&amp;peichern…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Delete view</source>
        <translation>Ansicht &amp;löschen</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Late orders only</source>
        <translation>Nur &amp;verspätete Aufträge</translation>
    </message>
    <message>
        <location line="+5" />
        <source>&amp;Clear filters</source>
        <translation>&amp;Filter zurücksetzen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Assign driver…</source>
        <translation>Fahrer &amp;zuweisen…</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Not connected: nothing was changed. Changes need a live connection.</source>
        <translation>Nicht verbunden: Nichts wurde geändert. Änderungen brauchen eine Live-Verbindung.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Changing %1 orders to %2…</source>
        <translation>%1 Aufträge werden auf „%2“ gesetzt…</translation>
    </message>
    <message>
        <location line="+119" />
        <source>View “%1” saved</source>
        <translation>Ansicht „%1“ gespeichert</translation>
    </message>
    <message>
        <location line="+26" />
        <source>(no saved view)</source>
        <translation>(keine Ansicht)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Save view</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Name for the current filters and sort order:</source>
        <translation>Name für die aktuellen Filter und die Sortierung:</translation>
    </message>
    <message>
        <location line="+32" />
        <source>CSV with semicolons, for Excel in German and other decimal-comma languages (*.csv)</source>
        <translation>CSV mit Semikolons, für Excel auf Deutsch und in anderen Sprachen mit Dezimalkomma (*.csv)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>CSV with commas (*.csv)</source>
        <translation>CSV mit Kommas (*.csv)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Export view as CSV</source>
        <translation>Ansicht als CSV exportieren</translation>
    </message>
    <message>
        <location line="+0" />
        <source>orders.csv</source>
        <translation>auftraege.csv</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Exported 1 order to %1</source>
        <translation>1 Auftrag nach %1 exportiert</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Exported %1 orders to %2</source>
        <translation>%1 Aufträge nach %2 exportiert</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Could not export to %1: %2</source>
        <translation>Export nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+24" />
        <source>● Live</source>
        <translation>● Live</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every change on the server reaches this table at once.</source>
        <translation>Jede Änderung auf dem Server erscheint sofort in dieser Tabelle.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not live — as of %1</source>
        <translation>Nicht live — Stand %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The connection is down. The rows are what the server had at %1; changes since then are not shown.</source>
        <translation>Die Verbindung ist unterbrochen. Die Zeilen zeigen den Stand des Servers um %1; spätere Änderungen fehlen.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not live — not loaded yet</source>
        <translation>Nicht live — noch nicht geladen</translation>
    </message>
    <message>
        <location line="+31" />
        <source>%1 of 1 order</source>
        <translation>%1 von 1 Auftrag</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 of %2 orders</source>
        <translation>%1 von %2 Aufträgen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>1 order</source>
        <translation>1 Auftrag</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 orders</source>
        <translation>%1 Aufträge</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+4" />
        <source>Needs a live connection</source>
        <translation>Braucht eine Live-Verbindung</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Set status of %1 orders</source>
        <translation>Status von %1 Aufträgen setzen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Set status</source>
        <translation>Status setzen</translation>
    </message>
    <message>
        <location line="+63" />
        <source>%1 is finished: it cannot be given to a driver</source>
        <translation>%1 ist abgeschlossen und kann keinem Fahrer mehr zugewiesen werden</translation>
    </message>
    <message>
        <location line="+13" />
        <source>%1 keeps its driver — %2. The row shows the server&apos;s state again.</source>
        <translation>%1 behält seinen Fahrer — %2. Die Zeile zeigt wieder den Stand des Servers.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 was not given to %2 — %3. The row shows the server&apos;s state again.</source>
        <translation>%1 wurde nicht an %2 vergeben — %3. Die Zeile zeigt wieder den Stand des Servers.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>%1 was not changed to %2 — %3. The row shows the server&apos;s status again.</source>
        <translation>%1 wurde nicht auf „%2“ gesetzt — %3. Die Zeile zeigt wieder den Status des Servers.</translation>
    </message>
    <message>
        <location line="+20" />
        <source>%1: your change was discarded</source>
        <translation>%1: Ihre Änderung wurde verworfen</translation>
    </message>
    <message>
        <location line="+15" />
        <source>All %1 orders changed to %2</source>
        <translation>Alle %1 Aufträge auf „%2“ gesetzt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 of %2 orders changed to %3; %4 not changed</source>
        <translation>%1 von %2 Aufträgen auf „%3“ gesetzt; %4 nicht geändert</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Bulk status change</source>
        <translation>Sammel-Statusänderung</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>Ops::OrdersTableModel</name>
    <message>
        <location filename="../../src/models/orderstablemodel.cpp" line="+306" />
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Picked up</source>
        <translation>Abgeholt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>In transit</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="-147" />
        <source>%1: waiting for the server to confirm this change</source>
        <translation>%1: warte auf Bestätigung der Änderung durch den Server</translation>
    </message>
    <message>
        <location line="-15" />
        <source>%1 (late)</source>
        <translation>%1 (verspätet)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 left, at risk</source>
        <translation>noch %1, gefährdet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+6" />
        <source>%1 is late: it was due at %2</source>
        <translation>%1 ist verspätet: fällig war %2</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 is at risk: its ETA is after its due time %2</source>
        <translation>%1 ist gefährdet: die Ankunft liegt nach der Fälligkeit %2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is at risk: due at %2, within %3 min</source>
        <translation>%1 ist gefährdet: fällig %2, in weniger als %3 min</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 is due at %2</source>
        <translation>%1 ist fällig um %2</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 has no driver</source>
        <translation>%1 hat keinen Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 is with %2 (%3)</source>
        <translation>%1 ist bei %2 (%3)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 · version %2 · updated %3</source>
        <translation>%1 · Version %2 · geändert %3</translation>
    </message>
    <message>
        <location line="+21" />
        <source>%1 (pending)</source>
        <translation>%1 (ausstehend)</translation>
    </message>
    <message>
        <location line="+46" />
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Pick-up</source>
        <translation>Abholung</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Drop-off</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Driver</source>
        <translation>Fahrer</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Left</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <location line="+2" />
        <source>ETA</source>
        <translation>Ankunft</translation>
    </message>
    <message>
        <location line="+45" />
        <location line="+62" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="-60" />
        <location line="+62" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="-60" />
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+63" />
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <location line="-2" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1 late</source>
        <translation>%1 zu spät</translation>
    </message>
    <message>
        <location line="+26" />
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 (+%2 min)</source>
        <translation>%1 (+%2 min)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>No ETA: %1 has no driver</source>
        <translation>Keine Ankunftszeit: %1 hat keinen Fahrer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No ETA for %1 yet</source>
        <translation>Noch keine Ankunftszeit für %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 arrives at %2, %3 min after its due time</source>
        <translation>%1 kommt %2 an, %3 min nach der Fälligkeit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%1 arrives at %2, in time</source>
        <translation>%1 kommt %2 an, rechtzeitig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>%1 — an estimate (straight-line distance; no routing service)</source>
        <translation>%1 — eine Schätzung (Luftlinie; kein Routendienst)</translation>
    </message>
</context>
<context>
    <name>Ops::PaymentsTableModel</name>
    <message>
        <location filename="../../src/models/paymentstablemodel.cpp" line="+37" />
        <source>Payment</source>
        <translation>Zahlung</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Method</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>Ops::QueryInspector</name>
    <message>
        <location filename="../../ui/queryinspector.cpp" line="+30" />
        <source>Re&amp;fetch</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Invalidate</source>
        <translation>&amp;Invalidieren</translation>
    </message>
    <message>
        <location line="+1" />
        <source>R&amp;eset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Query inspector</source>
        <translation>Query-Inspektor</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Fetch the selected query again now</source>
        <translation>Die gewählte Query jetzt neu laden</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mark the selected query stale; active queries fetch again</source>
        <translation>Die gewählte Query als veraltet markieren; aktive Queries laden neu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Forget the selected query&apos;s data and state; active queries fetch again</source>
        <translation>Daten und Zustand der gewählten Query verwerfen; aktive Queries laden neu</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Cache events (newest first)</source>
        <translation>Cache-Ereignisse (neueste zuerst)</translation>
    </message>
    <message>
        <location line="+58" />
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <location line="+16" />
        <source>1 query in the cache</source>
        <translation>1 Query im Cache</translation>
    </message>
    <message>
        <location line="+0" />
        <source>%1 queries in the cache</source>
        <translation>%1 Queries im Cache</translation>
    </message>
</context>
<context>
    <name>Ops::QueryInspectorModel</name>
    <message>
        <location filename="../../src/models/queryinspectormodel.cpp" line="+16" />
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location line="+2" />
        <source>success</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <location line="+2" />
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+9" />
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <location line="+2" />
        <source>fetching</source>
        <translation>lädt</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+175" />
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <location line="-75" />
        <location line="+10" />
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="-5" />
        <source>%1 (invalidated)</source>
        <translation>%1 (invalidiert)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Query key</source>
        <translation>Query-Schlüssel</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Fetch status</source>
        <translation>Ladestatus</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Observers</source>
        <translation>Beobachter</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Data age</source>
        <translation>Alter der Daten</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Last fetch</source>
        <translation>Letztes Laden</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Invalidations</source>
        <translation>Invalidierungen</translation>
    </message>
    <message>
        <location line="+13" />
        <source>added</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <location line="+3" />
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <location line="+3" />
        <source>observer added</source>
        <translation>Beobachter hinzugefügt</translation>
    </message>
    <message>
        <location line="+3" />
        <source>observer removed</source>
        <translation>Beobachter entfernt</translation>
    </message>
    <message>
        <location line="+5" />
        <source>fetch started</source>
        <translation>Laden begonnen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>fetched</source>
        <translation>geladen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>fetch failed</source>
        <translation>Laden fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>attempt failed, retry scheduled</source>
        <translation>Versuch fehlgeschlagen, neuer Versuch geplant</translation>
    </message>
    <message>
        <location line="+6" />
        <source>continued</source>
        <translation>fortgesetzt</translation>
    </message>
    <message>
        <location line="+3" />
        <source>invalidated</source>
        <translation>invalidiert</translation>
    </message>
    <message>
        <location line="+3" />
        <source>data written</source>
        <translation>Daten geschrieben</translation>
    </message>
    <message>
        <location line="+3" />
        <source>fetch cancelled</source>
        <translation>Laden abgebrochen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>updated</source>
        <translation>geändert</translation>
    </message>
    <message>
        <location line="+5" />
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Ops::ReasonDialog</name>
    <message>
        <location filename="../../ui/reasondialog.cpp" line="+34" />
        <source>Why? (kept in the order&apos;s history)</source>
        <translation>Warum? (bleibt im Verlauf des Auftrags)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <location line="+21" />
        <source>&amp;Correct to:</source>
        <translation>&amp;Korrigieren auf:</translation>
    </message>
    <message>
        <location line="+15" />
        <source>&amp;To:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <location line="+59" />
        <source>Customer cancelled</source>
        <translation>Kunde hat storniert</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Duplicate order</source>
        <translation>Doppelter Auftrag</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Shop cannot supply</source>
        <translation>Shop kann nicht liefern</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Entered by mistake</source>
        <translation>Versehentlich erfasst</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Customer not at home</source>
        <translation>Kunde nicht zu Hause</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Address not found</source>
        <translation>Adresse nicht gefunden</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Refused at the door</source>
        <translation>An der Tür abgelehnt</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Damaged in transit</source>
        <translation>Auf dem Weg beschädigt</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Vehicle breakdown</source>
        <translation>Fahrzeugpanne</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Wrong status recorded</source>
        <translation>Falscher Status erfasst</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Driver reported it late</source>
        <translation>Fahrer hat es spät gemeldet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customer confirmed by phone</source>
        <translation>Kunde hat telefonisch bestätigt</translation>
    </message>
</context>
<context>
    <name>Ops::SignInDialog</name>
    <message>
        <location filename="../../ui/signindialog.cpp" line="+24" />
        <source>&amp;Remember the token in the system keychain</source>
        <translation>Token im &amp;Schlüsselbund des Systems merken</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Sign in to Opsboard</source>
        <translation>Bei Opsboard anmelden</translation>
    </message>
    <message>
        <location line="+16" />
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <location line="+81" />
        <source>The server address must start with http:// or https://.</source>
        <translation>Die Serveradresse muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Enter the token you were given.</source>
        <translation>Geben Sie das Token ein, das Sie erhalten haben.</translation>
    </message>
</context>
<context>
    <name>Ops::SignInFlow</name>
    <message>
        <location filename="../../ui/signinflow.cpp" line="+25" />
        <source>The server did not accept the token. Sign in again.</source>
        <translation>Der Server hat das Token nicht angenommen. Bitte erneut anmelden.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>This token belongs to a driver; the dashboard needs a staff token (dispatcher, manager or viewer).</source>
        <translation>Dieses Token gehört einem Fahrer; das Dashboard braucht ein Token für Mitarbeitende (Disposition, Leitung oder Ansicht).</translation>
    </message>
</context>
<context>
    <name>Ops::TokenStore</name>
    <message>
        <location filename="../../ui/tokenstore.cpp" line="+46" />
        <source>Access to the system keychain was denied, so the token is not remembered.</source>
        <translation>Der Zugriff auf den Schlüsselbund des Systems wurde verweigert; das Token wird nicht gemerkt.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The token could not be removed from the system keychain.</source>
        <translation>Das Token ließ sich nicht aus dem Schlüsselbund des Systems entfernen.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No system keychain is available (such as GNOME Keyring or KWallet), so the token is not remembered: you will be asked for it at the next start.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar (etwa GNOME-Schlüsselbund oder KWallet); das Token wird nicht gemerkt und beim nächsten Start erneut abgefragt.</translation>
    </message>
</context>
<context>
    <name>Ops::WindowManager</name>
    <message>
        <location filename="../../ui/windowmanager.cpp" line="+49" />
        <source>Opsboard — %1</source>
        <translation>Opsboard — %1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Opsboard — %1 (%2)</source>
        <translation>Opsboard — %1 (%2)</translation>
    </message>
</context>
<context>
    <name>Ops::sendRequest</name>
    <message>
        <location filename="../../src/sync/sendrequest.cpp" line="+12" />
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
</context>
</TS>
