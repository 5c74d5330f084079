-- Versioned catalog: a change inserts a version; references keep their meaning.
SELECT sla.calendar_id('oslo') AS oslo_v1;
SELECT sla.policy_id('support') AS support_v1;
-- a ticket table pins the version at creation
CREATE TABLE pinned (id int, cal bigint, created timestamptz);
INSERT INTO pinned VALUES (1, sla.calendar_id('oslo'), '2025-03-21 15:50+01');
-- change the hours: a new version; the policy using it gets a new version too
SELECT sla.change_calendar('oslo', hours => 'Mo-Fr 09:00-17:00; PH off') AS oslo_v2;
SELECT name, version, hours, holidays FROM sla.calendar WHERE name = 'oslo' ORDER BY version;
SELECT name, version, calendar_names, calendar_ids FROM sla.policy ORDER BY name, version;
-- the pinned row still computes in version 1; by name gives version 2
SELECT sla.local_text(cal, sla.add(cal, created, interval '15 min')) AS pinned_v1,
       sla.local_text('oslo', sla.add('oslo', created, interval '15 min')) AS current_v2
  FROM pinned;
-- the policy's new version counts in the new hours, the old one in the old
SELECT p.version, s.deadline IS NOT NULL AS has_deadline,
       sla.local_text(1, s.deadline) AS first_reply_due
  FROM sla.policy p,
       sla.status(sla.ticket(p.id, '2025-03-21 15:50+01', 'email'), '2025-03-21 15:51+01') s
 WHERE p.name = 'support' AND s.metric = 'first_reply' ORDER BY p.version;
-- back to the first hours: a third version, the same answers as the first
SELECT sla.change_calendar('oslo', hours => 'Mo-Fr 08:00-16:00; PH off') AS oslo_v3;
SELECT sla.add(1, created, interval '15 min') = sla.add('oslo', created, interval '15 min')
  FROM pinned;
-- the catalog is insert-only
SELECT try($$UPDATE sla.calendar SET hours = '24/7' WHERE name = 'oslo'$$);
SELECT try($$DELETE FROM sla.policy$$);
SELECT try($$TRUNCATE sla.calendar CASCADE$$);
-- change_policy: new text, calendars bound to their current versions
SELECT sla.change_policy('support', (SELECT body FROM sla.policy WHERE id = sla.policy_id('support'))
                                    || E'\nfirst_reply social * 1h calendar=nyc') > 0 AS changed;
SELECT version, calendar_names, calendar_ids FROM sla.policy
 WHERE id = sla.policy_id('support');
SELECT sla.target(sla.policy_id('support'), 'first_reply', 'social'),
       sla.target(sla.policy_id('support'), 'first_reply', 'email'),
       sla.target(sla.policy_id('support'), 'resolution', 'web', 'urgent'),
       sla.target(sla.policy_id('support'), 'agent_work', 'email') IS NULL AS no_target;
-- the compiled versions are cached in this backend (bounded LRU of 64 entries)
SELECT sla.cache_entries() BETWEEN 1 AND 64 AS cached;
