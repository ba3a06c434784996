import { type FieldMetadata } from '@conform-to/react'

/** A field's errors, next to it; the input points at them with aria-describedby (conform's errorId). */
export function FieldError({ field }: { field: Pick<FieldMetadata<unknown>, 'errors' | 'errorId'> }) {
	return field.errors?.length ? (
		<p className="field-error" id={field.errorId}>
			{field.errors.join(' ')}
		</p>
	) : null
}

/** Errors about the whole form, announced when they appear. */
export function FormError({ errors, id }: { errors: string[] | undefined; id: string }) {
	return errors?.length ? (
		<div className="form-error" role="alert" id={id}>
			{errors.join(' ')}
		</div>
	) : null
}
