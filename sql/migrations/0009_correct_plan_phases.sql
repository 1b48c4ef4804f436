-- 0009_correct_plan_phases: the phases as the pilot plan (晋市政办函〔2022〕24号, 五、工作安排) names and dates them:
-- 动员部署阶段 2021年11月—2022年5月, 试点推进阶段 2022年5月—2022年12月, 全面推进阶段 2022年12月—2023年12月.
-- 0003 called the last two 试点先行 / 全域覆盖 and ended the last on 2023-12-31, which ends_on (exclusive) made the
-- day before. The May boundary stays the plan's date of issue (2022-05-16); the codes stay, as clients key on them.

UPDATE plan_phases SET name = '动员部署阶段', name_en = 'mobilisation and deployment'
WHERE code = 'mobilisation';

UPDATE plan_phases SET name = '试点推进阶段', name_en = 'pilot rollout'
WHERE code = 'pilot';

-- The plan's last month is December 2023, so the first day after the phase is 2024-01-01.
UPDATE plan_phases SET name = '全面推进阶段', name_en = 'full rollout', ends_on = '2024-01-01'
WHERE code = 'full_coverage';

-- The basis text that the built-in data wrote with the old names (server/src/seed/plan.seed.ts).
UPDATE unit_requirements
SET basis = replace(
    replace(
        replace(basis, '试点先行阶段', '试点推进阶段'),
        '全域覆盖阶段', '全面推进阶段'
    ),
    'from the full-coverage phase', 'from the full-rollout phase'
)
WHERE basis LIKE '%试点先行阶段%' OR basis LIKE '%全域覆盖阶段%';
