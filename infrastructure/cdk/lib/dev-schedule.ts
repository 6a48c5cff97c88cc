// Dev costs little when nobody works: outside working hours the service scales to zero tasks and
// comes back in the morning. Hours, days and time zone come from context (devWorkHours,
// devWorkDays, devTimeZone); `-c devScaleToZero=false` keeps it up.
import { TimeZone } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DeployContext } from './context';
import { EnvironmentSettings } from './environments';

export function scaleToZeroOutsideWorkHours(
  scaling: ecs.ScalableTaskCount, settings: EnvironmentSettings, schedule: DeployContext['devSchedule'],
): void {
  const timeZone = TimeZone.of(schedule.timeZone);
  scaling.scaleOnSchedule('WorkStart', {
    schedule: autoscaling.Schedule.cron({ minute: '0', hour: String(schedule.startHour), weekDay: schedule.workDays }),
    minCapacity: settings.tasks.min,
    maxCapacity: settings.tasks.max,
    timeZone,
  });
  scaling.scaleOnSchedule('WorkStop', {
    schedule: autoscaling.Schedule.cron({ minute: '0', hour: String(schedule.stopHour), weekDay: schedule.workDays }),
    minCapacity: 0,
    maxCapacity: 0,
    timeZone,
  });
}
